import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';

/**
 * The state nodes a state value is in, parents included. Works on a resolved snapshot's value,
 * which is all the runtime keeps (a restored snapshot carries no live children).
 */
export function activeStateNodes(machine: AnyStateMachine, value: StateValue): AnyStateNode[] {
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode, v: StateValue | undefined) => {
    nodes.push(node);
    if (v === undefined) return;
    if (typeof v === 'string') {
      visit(node.states[v], undefined);
      return;
    }
    for (const [key, child] of Object.entries(v)) visit(node.states[key], child);
  };
  visit(machine.root, value);
  return nodes;
}

/** The invoke ids that are live in a state value: the work that must exist for it. */
export function activeInvokeIds(machine: AnyStateMachine, value: StateValue): string[] {
  return activeStateNodes(machine, value).flatMap((node) => node.invoke.map((invoke) => invoke.id));
}

/**
 * The event types the state has a transition for, guards not evaluated (an ENQUEUE whose
 * prerequisites are missing is still an event the state accepts, answered with NOT_READY).
 */
export function acceptedEventTypes(machine: AnyStateMachine, value: StateValue): string[] {
  const types = new Set<string>();
  for (const node of activeStateNodes(machine, value)) for (const type of node.ownEvents) types.add(type);
  return [...types];
}
