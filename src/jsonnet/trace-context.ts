// The names go-jsonnet gives the frames of an error's trace (`$`, `function <f>`, `object <o>`,
// `thunk <x> from <$>`, `thunk from <function <f>>`): the context of the expression at the
// frame's location, worked out from the file's syntax tree as go-jsonnet's parser does
// (internal/parser/context.go, addContext). Computed only when an error is reported.
import type { Node, ObjectMember, Param } from './ast.js';
import { byteColumns, type TraceEntry } from './errors.js';
import { parse } from './parser.js';

/** A node's span as the key of its context. */
export function spanKey(start: { offset: number }, end: { offset: number }): string {
  return `${start.offset}-${end.offset}`;
}

/** The context of every expression of a file, by span (the innermost of equal spans wins). */
export function contextsOf(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  addContext(out, root, '$', 'anonymous');
  return out;
}

function addContext(out: Map<string, string>, node: Node | undefined, context: string, bind: string): void {
  if (node === undefined) return;
  out.set(spanKey(node.loc.start, node.loc.end), context);
  const children = (nodes: (Node | undefined)[], ctx: string) => {
    for (const n of nodes) addContext(out, n, ctx, 'anonymous');
  };
  const thunk = `thunk from <${context}>`;
  switch (node.type) {
    case 'Function':
      addFunction(out, node.params, node.body, bind);
      return;
    case 'Object':
    case 'ObjectComp': {
      // Computed field names and the comprehension's specs run outside the object.
      children(computedNames(node.members), context);
      if (node.type === 'ObjectComp')
        children(
          node.specs.map((s) => (s.kind === 'for' ? s.expr : s.cond)),
          context,
        );
      addMembers(out, node.members, `object <${bind}>`);
      return;
    }
    case 'Local':
      for (const b of node.binds) {
        const named = `thunk <${b.name}> from <${context}>`;
        if (b.params !== undefined) addFunction(out, b.params, b.body, b.name);
        else addContext(out, b.body, named, b.name);
      }
      addContext(out, node.body, context, bind);
      return;
    case 'Apply':
      children([node.fn], context);
      children([...node.positional, ...node.named.map((a) => a.value)], thunk);
      return;
    case 'Array':
      children(node.elements, thunk);
      return;
    case 'ArrayComp':
      children(
        node.specs.map((s) => (s.kind === 'for' ? s.expr : s.cond)),
        context,
      );
      children([node.body], thunk);
      return;
    case 'Binary':
      children([node.left, node.right], context);
      return;
    case 'Unary':
      children([node.operand], context);
      return;
    case 'Conditional':
      children([node.cond, node.then, node.else], context);
      return;
    case 'Error':
      children([node.expr], context);
      return;
    case 'Assert':
      children([node.cond, node.message, node.rest], context);
      return;
    case 'Parens':
      children([node.inner], context);
      return;
    case 'Index':
      // `a.b`: go-jsonnet gives the target of a field access by name no context.
      if (node.id === undefined) children([node.target, node.index], context);
      return;
    case 'SuperIndex':
      // go-jsonnet's error for a missing super is at the keyword.
      if (node.superLoc !== undefined) out.set(spanKey(node.superLoc.start, node.superLoc.end), context);
      if (node.id === undefined) children([node.index], context);
      return;
    case 'InSuper':
      children([node.index], context);
      return;
    case 'Slice':
      // The step is not among go-jsonnet's direct children of a slice.
      children([node.target, node.from, node.to], context);
      return;
    default:
      return;
  }
}

function addFunction(out: Map<string, string>, params: Param[], body: Node, name: string): void {
  const context = `function <${name}>`;
  addContext(out, body, context, 'anonymous');
  for (const p of params) addContext(out, p.defaultValue, context, 'anonymous');
}

function computedNames(members: ObjectMember[]): Node[] {
  const out: Node[] = [];
  for (const m of members) if (m.kind === 'field' && m.keyKind !== 'id') out.push(m.key);
  return out;
}

/** Field bodies, methods, object locals and assertions run inside the object. */
function addMembers(out: Map<string, string>, members: ObjectMember[], context: string): void {
  for (const m of members) {
    if (m.kind === 'field') {
      if (m.params !== undefined) addFunction(out, m.params, m.value, 'anonymous');
      else addContext(out, m.value, context, 'anonymous');
    } else if (m.kind === 'local') {
      if (m.bind.params !== undefined) addFunction(out, m.bind.params, m.bind.body, 'anonymous');
      else addContext(out, m.bind.body, context, 'anonymous');
    } else {
      addContext(out, m.cond, context, 'anonymous');
      addContext(out, m.message, context, 'anonymous');
    }
  }
}

/**
 * Names every located frame of a trace by its expression's context (an `unnamed` frame gets
 * none), reading each file's text from `sourceOf` once; a file it cannot give keeps its names.
 */
export function nameFrames(trace: TraceEntry[], sourceOf: (file: string) => string | undefined): void {
  const byFile = new Map<string, Map<string, string> | undefined>();
  for (const t of trace) {
    if (t.loc === undefined || t.raw !== undefined) continue;
    const file = t.loc.file;
    if (t.unnamed) {
      t.name = '';
    } else if (!t.named) {
      if (!byFile.has(file)) byFile.set(file, contextsOfSource(file, sourceOf(file)));
      const contexts = byFile.get(file);
      if (contexts !== undefined) t.name = contexts.get(spanKey(t.loc.start, t.loc.end)) ?? '';
    }
    t.loc = byteColumns(t.loc, sourceOf(file));
  }
}

function contextsOfSource(file: string, source: string | undefined): Map<string, string> | undefined {
  if (source === undefined) return undefined;
  try {
    return contextsOf(parse(source, file));
  } catch {
    return undefined;
  }
}
