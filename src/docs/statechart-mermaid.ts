import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { statusOfValue } from '../../machines/status';

const idOf = (node: AnyStateNode) => node.path.join('_') || 'root';

const guardName = (guard: unknown): string | undefined =>
  typeof guard === 'string' ? guard : (guard as { type?: string } | undefined)?.type;

function label(eventType: string, guard: unknown): string {
  const event = eventType
    .replace(/^xstate\.done\.actor\.(.+)$/, 'done: $1')
    .replace(/^xstate\.error\.actor\.(.+)$/, 'error: $1');
  const name = guardName(guard);
  return name ? `${event} [${name}]` : event;
}

/** The spec status a leaf state shows, when it is a single one (parallel leaves depend on both regions). */
function statusNote(node: AnyStateNode): string | undefined {
  if (node.path[0] === 'setup') return undefined;
  const value = node.path.reduceRight<any>((inner, key) => (inner === undefined ? key : { [key]: inner }), undefined);
  return value === undefined ? undefined : statusOfValue(value);
}

/**
 * A Mermaid `stateDiagram-v2` of a machine: every state, transition (with guard names),
 * invoked service and final state, generated from the machine itself so it cannot drift.
 *
 * @example statechartMermaid(jobMachine)
 */
export function statechartMermaid(machine: AnyStateMachine): string {
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];

  const visit = (node: AnyStateNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const id = idOf(node);
    const children = Object.values(node.states) as AnyStateNode[];
    const invokes = node.invoke.map((i) => `invoke ${String(i.src)} (id ${i.id})`);
    const status = children.length === 0 ? statusNote(node) : undefined;
    const title = [node.key, ...(status ? [`status ${status}`] : []), ...invokes].join('\\n');
    if (children.length === 0) {
      lines.push(`${pad}state "${title}" as ${id}`);
    } else {
      lines.push(`${pad}state "${title}" as ${id} {`);
      children.forEach((child, i) => {
        if (node.type === 'parallel' && i > 0) lines.push(`${pad}  --`);
        if (node.type !== 'parallel' && node.initial?.target?.[0] === child) lines.push(`${pad}  [*] --> ${idOf(child)}`);
        visit(child, depth + 1);
      });
      lines.push(`${pad}}`);
    }
    if (node.type === 'final') edges.push(`${id} --> [*]`);
    for (const [eventType, transitions] of node.transitions) {
      for (const t of transitions) {
        for (const target of t.target ?? []) edges.push(`${id} --> ${idOf(target)}: ${label(eventType, t.guard)}`);
      }
    }
    for (const t of node.always ?? []) {
      for (const target of t.target ?? []) edges.push(`${id} --> ${idOf(target)}: ${label('always', t.guard)}`);
    }
  };

  const root = machine.root;
  lines.push(`  [*] --> ${idOf(root.initial.target[0])}`);
  for (const child of Object.values(root.states) as AnyStateNode[]) visit(child, 1);
  return [...lines, ...edges.map((e) => `  ${e}`)].join('\n') + '\n';
}
