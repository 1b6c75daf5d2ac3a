// Endless loops in local definitions (`local x = x + 1`), found as go-jsonnet's linter finds them
// (linter/internal/traversal): following only what a bind evaluates right away.
import { children, directChildren, type CoreNode } from './core.js';
import type { LintError } from './report.js';

export function findEndlessLoops(node: CoreNode, errors: LintError[]): void {
  if (node.k === 'Local') loopsInLocal(node, errors);
  for (const c of children(node)) findEndlessLoops(c, errors);
}

function loopsInLocal(node: Extract<CoreNode, { k: 'Local' }>, errors: LintError[]): void {
  const vars = new Map<string, CoreNode>();
  const runOf = new Map<string, number>();
  for (const b of node.binds) vars.set(b.name, b.body);
  const find = (n: CoreNode, run: number): boolean => {
    if (n.k === 'Var' && vars.has(n.name)) {
      const first = runOf.get(n.name);
      if (first === undefined) {
        runOf.set(n.name, run);
        return find(vars.get(n.name) as CoreNode, run);
      }
      if (first === run) {
        errors.push({ message: 'Endless loop in local definition', loc: n.loc });
        return true;
      }
    }
    for (const c of directChildren(n)) if (find(c, run)) return true;
    return false;
  };
  for (let i = 0; i < node.binds.length; i++) if (find((node.binds[i] as { body: CoreNode }).body, i)) return;
}
