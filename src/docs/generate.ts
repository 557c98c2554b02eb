import { writeFile } from 'node:fs/promises';
import { renderApiDocs, renderStateMachineDoc } from './render';

/** `npm run docs`: rewrites the generated documents from the code (a test fails when they are stale). */
async function main() {
  const root = new URL('../../docs/', import.meta.url);
  await writeFile(new URL('state-machine.md', root), renderStateMachineDoc());
  await writeFile(new URL('openapi.json', root), renderApiDocs());
  console.log('docs/state-machine.md and docs/openapi.json written');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
