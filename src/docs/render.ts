import { jobMachine } from '../../machines/job.machine';
import { createApp, OPENAPI_INFO } from '../api/app';
import type { AppDeps } from '../api/deps';
import { statechartMermaid } from './statechart-mermaid';

/** docs/state-machine.md: the job statechart as a Mermaid diagram, generated from machines/. */
export function renderStateMachineDoc(): string {
  return [
    '# Job state machine (generated)',
    '',
    'Generated from `machines/job.machine.ts` by `npm run docs`; a test fails when this file is stale.',
    'Open `machines/job.machine.ts` in the Stately visualizer for the interactive version.',
    '',
    'The spec status of each state is `statusOf()` in `machines/status.ts`. Inside the parallel',
    '`setup` state the selection region decides it (`ready` → READY_TO_ENQUEUE, `waitingForTarget` →',
    'WAITING_FOR_TARGET, `waitingForPlayer` → WAITING_FOR_PLAYER); while nothing is selected the',
    'intake region does (`previews.queued` → WAITING_FOR_SELECTION, `previews.running` →',
    'EXTRACTING_PREVIEWS, `candidates.running` → TRACKING_CANDIDATES, otherwise PREVIEWS_READY).',
    '`*.started` events are sent by the worker that claims the step.',
    '',
    '```mermaid',
    statechartMermaid(jobMachine).trimEnd(),
    '```',
    '',
  ].join('\n');
}

/** docs/openapi.json: the OpenAPI 3.1 document of the routes, from the same zod schemas that validate requests. */
export function renderApiDocs(): string {
  // Routes only need their dependencies when a request arrives; describing them needs none.
  const app = createApp({ config: {} } as AppDeps);
  return `${JSON.stringify(app.getOpenAPI31Document(OPENAPI_INFO), null, 2)}\n`;
}
