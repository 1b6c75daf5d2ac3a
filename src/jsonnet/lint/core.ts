// The desugared Jsonnet AST the linter works on: go-jsonnet's core language after
// internal/program/desugarer.go (objects with locals and asserts split out, comprehensions as
// std.$flatMapArray, `%`/`in`/slices as std calls, `$` as a variable), with the locations that
// desugaring keeps or drops (`loc` undefined where go-jsonnet's LocationRange is unset).
import type { Loc } from '../ast.js';

export interface CoreParam {
  name: string;
  defaultArg?: CoreNode;
  loc?: Loc;
}

export interface CoreBind {
  name: string;
  body: CoreNode;
  loc?: Loc;
}

export interface CoreField {
  name: CoreNode;
  body: CoreNode;
  plusSuper: boolean;
}

interface At {
  loc?: Loc;
}

export type CoreNode =
  | (At & { k: 'Apply'; target: CoreNode; positional: CoreNode[]; named: { name: string; arg: CoreNode }[] })
  | (At & { k: 'Array'; elements: CoreNode[] })
  | (At & { k: 'Binary'; op: string; left: CoreNode; right: CoreNode })
  | (At & { k: 'Conditional'; cond: CoreNode; then: CoreNode; else: CoreNode })
  | (At & { k: 'Error'; expr: CoreNode })
  /** `params` is undefined for `function()`, as go-jsonnet's parser leaves the slice nil. */
  | (At & { k: 'Function'; params: CoreParam[] | undefined; body: CoreNode })
  | (At & { k: 'Import'; kind: 'import' | 'importstr' | 'importbin'; path: string })
  | (At & { k: 'Index'; target: CoreNode; index: CoreNode })
  | (At & { k: 'Local'; binds: CoreBind[]; body: CoreNode })
  | (At & { k: 'Boolean'; value: boolean })
  | (At & { k: 'Null' })
  | (At & { k: 'Number'; text: string })
  | (At & { k: 'String'; value: string })
  | (At & { k: 'Object'; asserts: CoreNode[]; locals: CoreBind[]; fields: CoreField[] })
  | (At & { k: 'Self' })
  | (At & { k: 'SuperIndex'; index: CoreNode })
  | (At & { k: 'InSuper'; index: CoreNode })
  | (At & { k: 'Unary'; op: string; expr: CoreNode })
  | (At & { k: 'Var'; name: string });

/**
 * parser.Children: direct, then thunked, then special children (the order go-jsonnet's linter
 * visits them in). An object's asserts are not among them.
 */
export function children(node: CoreNode): CoreNode[] {
  switch (node.k) {
    case 'Apply':
      return [node.target, ...node.positional, ...node.named.map((a) => a.arg)];
    case 'Array':
      return node.elements;
    case 'Binary':
      return [node.left, node.right];
    case 'Conditional':
      return [node.cond, node.then, node.else];
    case 'Error':
      return [node.expr];
    case 'Function': {
      const out = [node.body];
      for (const p of node.params ?? []) if (p.defaultArg) out.push(p.defaultArg);
      return out;
    }
    case 'Index':
      return [node.target, node.index];
    case 'Local':
      return [node.body, ...node.binds.map((b) => b.body)];
    case 'Object':
      return [
        ...node.fields.map((f) => f.name),
        ...node.fields.map((f) => f.body),
        ...node.locals.map((l) => l.body),
      ];
    case 'SuperIndex':
    case 'InSuper':
      return [node.index];
    case 'Unary':
      return [node.expr];
    default:
      return [];
  }
}

/** parser.DirectChildren: the children evaluated with their parent, in its environment. */
export function directChildren(node: CoreNode): CoreNode[] {
  switch (node.k) {
    case 'Apply':
      return [node.target];
    case 'Binary':
      return [node.left, node.right];
    case 'Conditional':
      return [node.cond, node.then, node.else];
    case 'Error':
      return [node.expr];
    case 'Index':
      return [node.target, node.index];
    case 'Object':
      return node.fields.map((f) => f.name);
    case 'SuperIndex':
    case 'InSuper':
      return [node.index];
    case 'Unary':
      return [node.expr];
    default:
      return [];
  }
}
