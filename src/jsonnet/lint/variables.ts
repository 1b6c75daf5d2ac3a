// Which variable every use refers to, and the variables a file defines, in go-jsonnet's linter
// order (linter/internal/variables): what the unused-variable check and the type graph read.
import type { Loc } from '../ast.js';
import { children, type CoreNode } from './core.js';

export type VariableKind = 'regular' | 'param' | 'stdlib';

export interface Variable {
  name: string;
  /** The bound expression (regular variables only). */
  bindNode?: CoreNode;
  occurrences: number;
  kind: VariableKind;
  loc?: Loc;
}

export interface VariableInfo {
  /** In the order they were found: what unused-variable errors follow. */
  variables: Variable[];
  /** The variable each Var node uses. */
  varAt: Map<CoreNode, Variable>;
}

/** Variables by name, over the scope this one extends (no copying at every binder). */
interface Scope {
  own: Map<string, Variable>;
  parent?: Scope;
}

function lookup(scope: Scope | undefined, name: string): Variable | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    const v = s.own.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function findVariables(root: CoreNode, initial: Map<string, Variable>): VariableInfo {
  const info: VariableInfo = { variables: [...new Set(initial.values())], varAt: new Map() };
  const add = (scope: Scope, name: string, kind: VariableKind, loc?: Loc, bindNode?: CoreNode): void => {
    const v: Variable = { name, bindNode, occurrences: 0, kind, loc };
    info.variables.push(v);
    scope.own.set(name, v);
  };
  const visit = (node: CoreNode, scope: Scope): void => {
    switch (node.k) {
      case 'Function': {
        const inner = { own: new Map(), parent: scope };
        for (const p of node.params ?? []) add(inner, p.name, 'param', p.loc);
        for (const p of node.params ?? []) if (p.defaultArg) visit(p.defaultArg, inner);
        visit(node.body, inner);
        return;
      }
      case 'Local': {
        const inner = { own: new Map(), parent: scope };
        for (const b of node.binds) add(inner, b.name, 'regular', b.loc, b.body);
        for (const b of node.binds) visit(b.body, inner);
        visit(node.body, inner);
        return;
      }
      case 'Object': {
        const inner = { own: new Map(), parent: scope };
        for (const l of node.locals) add(inner, l.name, 'regular', l.loc, l.body);
        for (const l of node.locals) visit(l.body, inner);
        for (const a of node.asserts) visit(a, inner);
        for (const f of node.fields) {
          visit(f.body, inner);
          visit(f.name, scope);
        }
        return;
      }
      case 'Var': {
        const v = lookup(scope, node.name);
        if (v === undefined)
          throw new Error(`Undeclared variable ${node.name} - it should be caught earlier`);
        v.occurrences++;
        info.varAt.set(node, v);
        return;
      }
      default:
        for (const c of children(node)) visit(c, scope);
    }
  };
  visit(root, { own: new Map(initial) });
  return info;
}
