// kf's parse tree to the desugared core go-jsonnet lints (internal/program/desugarer.go), then
// go-jsonnet's static analysis of it (static_analyzer.go): the first unknown variable or stray
// self/super, in the order go-jsonnet visits the tree.
import type { Bind, CompSpec, Loc, Node, ObjectMember, Param } from '../ast.js';
import { staticError } from '../errors.js';
import { children, type CoreBind, type CoreField, type CoreNode, type CoreParam } from './core.js';

const str = (value: string, loc?: Loc): CoreNode => ({ k: 'String', value, loc });

function stdCall(name: string, loc: Loc | undefined, args: CoreNode[]): CoreNode {
  return {
    k: 'Apply',
    loc,
    target: { k: 'Index', target: { k: 'Var', name: '$std' }, index: str(name) },
    positional: args,
    named: [],
  };
}

/** Desugars a parsed file; throws go-jsonnet's static error when the program is invalid. */
export function toCore(node: Node): CoreNode {
  const core = desugar(node, 0);
  const err = analyze(
    core,
    false,
    new Map([
      ['std', 1],
      ['$std', 1],
    ]),
  );
  if (err) throw err;
  return core;
}

function params(ps: Param[], objLevel: number): CoreParam[] | undefined {
  if (ps.length === 0) return undefined;
  return ps.map((p) => ({
    name: p.name,
    loc: p.loc,
    defaultArg: p.defaultValue ? desugar(p.defaultValue, objLevel) : undefined,
  }));
}

/** A `local` bind: `local f(x) = e` becomes a function whose bind has lost its location. */
function bind(b: Bind, objLevel: number): CoreBind {
  if (b.params) {
    const fn: CoreNode = {
      k: 'Function',
      loc: b.loc,
      params: params(b.params, objLevel),
      body: desugar(b.body, objLevel),
    };
    return { name: b.name, body: fn };
  }
  return { name: b.name, body: desugar(b.body, objLevel), loc: b.loc };
}

function desugar(node: Node, objLevel: number): CoreNode {
  const loc = node.loc;
  switch (node.type) {
    case 'Apply':
      return {
        k: 'Apply',
        loc,
        target: desugar(node.fn, objLevel),
        positional: node.positional.map((a) => desugar(a, objLevel)),
        named: node.named.map((a) => ({ name: a.name, arg: desugar(a.value, objLevel) })),
      };
    case 'Array':
      return { k: 'Array', loc, elements: node.elements.map((e) => desugar(e, objLevel)) };
    case 'ArrayComp': {
      const body = desugar(node.body, objLevel);
      return forSpecs({ k: 'Array', elements: [body] }, loc, node.specs, objLevel);
    }
    case 'Assert': {
      const cond = desugar(node.cond, objLevel);
      const rest = desugar(node.rest, objLevel);
      const msg = node.message ? desugar(node.message, objLevel) : str('Assertion failed');
      return { k: 'Conditional', cond, then: rest, else: { k: 'Error', loc, expr: msg } };
    }
    case 'Binary': {
      if (node.op === '%')
        return stdCall('mod', loc, [desugar(node.left, objLevel), desugar(node.right, objLevel)]);
      if (node.op === 'in')
        return stdCall('objectHasAll', loc, [desugar(node.right, objLevel), desugar(node.left, objLevel)]);
      return {
        k: 'Binary',
        loc,
        op: node.op,
        left: desugar(node.left, objLevel),
        right: desugar(node.right, objLevel),
      };
    }
    case 'Conditional':
      return {
        k: 'Conditional',
        loc,
        cond: desugar(node.cond, objLevel),
        then: desugar(node.then, objLevel),
        else: node.else ? desugar(node.else, objLevel) : { k: 'Null' },
      };
    case 'Dollar':
      if (objLevel === 0) throw staticError('No top-level object found.', loc);
      return { k: 'Var', loc, name: '$' };
    case 'Error':
      return { k: 'Error', loc, expr: desugar(node.expr, objLevel) };
    case 'Function':
      return {
        k: 'Function',
        loc,
        params: params(node.params, objLevel),
        body: desugar(node.body, objLevel),
      };
    case 'Import':
      return { k: 'Import', loc, kind: node.kind, path: node.path };
    case 'Index':
      return {
        k: 'Index',
        loc,
        target: desugar(node.target, objLevel),
        index: node.id !== undefined ? str(node.id) : desugar(node.index, objLevel),
      };
    case 'Slice': {
      const orNull = (n: Node | undefined): CoreNode => (n ? desugar(n, objLevel) : { k: 'Null' });
      return stdCall('slice', loc, [
        desugar(node.target, objLevel),
        orNull(node.from),
        orNull(node.to),
        orNull(node.step),
      ]);
    }
    case 'Local':
      return {
        k: 'Local',
        loc,
        binds: node.binds.map((b) => bind(b, objLevel)),
        body: desugar(node.body, objLevel),
      };
    case 'Boolean':
      return { k: 'Boolean', loc, value: node.value };
    case 'Null':
      return { k: 'Null', loc };
    case 'Number':
      return { k: 'Number', loc, text: node.text };
    case 'String':
      return { k: 'String', loc, value: node.value };
    case 'Object':
      return objectFields(node.members, loc, objLevel);
    case 'ObjectComp': {
      const obj = objectFields(node.members, loc, objLevel) as Extract<CoreNode, { k: 'Object' }>;
      if (obj.locals.length > 0) {
        const field = obj.fields[0] as CoreField;
        field.body = { k: 'Local', binds: obj.locals, body: field.body };
        obj.locals = [];
      }
      return stdCall('$objectFlatMerge', loc, [
        forSpecs({ k: 'Array', elements: [obj] }, loc, node.specs, objLevel),
      ]);
    }
    case 'Parens':
      return desugar(node.inner, objLevel);
    case 'Self':
      return { k: 'Self', loc };
    case 'SuperIndex':
      // go-jsonnet places `super.f` at the `super` keyword.
      return {
        k: 'SuperIndex',
        loc: node.superLoc ?? loc,
        index: node.id !== undefined ? str(node.id) : desugar(node.index, objLevel),
      };
    case 'InSuper':
      return { k: 'InSuper', loc, index: desugar(node.index, objLevel) };
    case 'Unary':
      return { k: 'Unary', loc, op: node.op, expr: desugar(node.operand, objLevel) };
    case 'Var':
      return { k: 'Var', loc, name: node.name };
  }
}

function objectFields(members: ObjectMember[], loc: Loc, objLevel: number): CoreNode {
  const asserts: { cond: Node; message?: Node; loc: Loc }[] = [];
  const locals: { name: string; body: Node; params?: Param[]; loc: Loc }[] = [];
  const fields: { name?: Node; id?: string; body: Node; params?: Param[]; plus: boolean }[] = [];
  for (const m of members) {
    if (m.kind === 'assert') asserts.push(m);
    else if (m.kind === 'local') locals.push({ ...m.bind, loc: m.bind.loc });
    else if (m.keyKind === 'id') fields.push({ id: m.name, body: m.value, params: m.params, plus: m.plus });
    else fields.push({ name: m.key, body: m.value, params: m.params, plus: m.plus });
  }
  const inner = objLevel + 1;
  // A method is a function without a location.
  const body = (b: Node, ps: Param[] | undefined, level: number): CoreNode =>
    ps ? { k: 'Function', params: params(ps, level), body: desugar(b, level) } : desugar(b, level);
  const coreAsserts: CoreNode[] = asserts.map((a) => ({
    k: 'Conditional',
    loc: a.loc,
    cond: desugar(a.cond, inner),
    then: { k: 'Boolean', value: true },
    else: {
      k: 'Error',
      loc: a.loc,
      expr: a.message ? desugar(a.message, inner) : str('Object assertion failed.'),
    },
  }));
  const coreLocals: CoreBind[] = locals.map((l) => ({
    name: l.name,
    body: body(l.body, l.params, inner),
    loc: l.loc,
  }));
  if (objLevel === 0) coreLocals.push({ name: '$', body: { k: 'Self' } });
  const coreFields: CoreField[] = fields.map((f) => {
    const name = f.id !== undefined ? str(f.id) : desugar(f.name as Node, objLevel);
    return { name, body: body(f.body, f.params, inner), plusSuper: f.plus };
  });
  return { k: 'Object', loc, asserts: coreAsserts, locals: coreLocals, fields: coreFields };
}

/** Comprehension specs, innermost `for` first, each as std.$flatMapArray over a lambda. */
function forSpecs(inside: CoreNode, loc: Loc, specs: CompSpec[], objLevel: number): CoreNode {
  const groups: { name: string; expr: Node; conds: Node[] }[] = [];
  for (const s of specs) {
    if (s.kind === 'for') groups.push({ name: s.name, expr: s.expr, conds: [] });
    else (groups[groups.length - 1] as { conds: Node[] }).conds.push(s.cond);
  }
  let current = inside;
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as (typeof groups)[number];
    let body = current;
    if (g.conds.length > 0) {
      let cond = desugar(g.conds[0] as Node, objLevel);
      for (const c of g.conds.slice(1))
        cond = { k: 'Binary', op: '&&', left: cond, right: desugar(c, objLevel) };
      body = { k: 'Conditional', cond, then: current, else: { k: 'Array', elements: [] } };
    }
    const fn: CoreNode = { k: 'Function', params: [{ name: g.name }], body };
    current = stdCall('$flatMapArray', loc, [fn, desugar(g.expr, objLevel)]);
  }
  return current;
}

/** The names in scope, counted (entering a binder adds its names, leaving takes them away). */
type Names = Map<string, number>;

function enter(vars: Names, names: string[]): void {
  for (const n of names) vars.set(n, (vars.get(n) ?? 0) + 1);
}

function leave(vars: Names, names: string[]): void {
  for (const n of names) vars.set(n, (vars.get(n) as number) - 1);
}

/** static_analyzer.go: the first unknown variable, or self/super outside an object. */
function analyze(node: CoreNode, inObject: boolean, vars: Names): Error | undefined {
  const scoped = (names: string[], run: () => Error | undefined): Error | undefined => {
    enter(vars, names);
    try {
      return run();
    } finally {
      leave(vars, names);
    }
  };
  switch (node.k) {
    case 'Function':
      return scoped(
        (node.params ?? []).map((p) => p.name),
        () => {
          for (const p of node.params ?? []) {
            const e = p.defaultArg && analyze(p.defaultArg, inObject, vars);
            if (e) return e;
          }
          return analyze(node.body, inObject, vars);
        },
      );
    case 'Local':
      return scoped(
        node.binds.map((b) => b.name),
        () => {
          for (const b of node.binds) {
            const e = analyze(b.body, inObject, vars);
            if (e) return e;
          }
          return analyze(node.body, inObject, vars);
        },
      );
    case 'Object': {
      const inside = scoped(
        node.locals.map((b) => b.name),
        () => {
          for (const n of [
            ...node.locals.map((l) => l.body),
            ...node.fields.map((f) => f.body),
            ...node.asserts,
          ]) {
            const e = analyze(n, true, vars);
            if (e) return e;
          }
          return undefined;
        },
      );
      if (inside) return inside;
      // Field names are computed outside the object.
      for (const f of node.fields) {
        const e = analyze(f.name, inObject, vars);
        if (e) return e;
      }
      return undefined;
    }
    case 'SuperIndex':
    case 'InSuper':
      if (!inObject) return staticError("Can't use super outside of an object.", node.loc);
      return analyze(node.index, inObject, vars);
    case 'Self':
      return inObject ? undefined : staticError("Can't use self outside of an object.", node.loc);
    case 'Var':
      return (vars.get(node.name) ?? 0) > 0
        ? undefined
        : staticError(`Unknown variable: ${node.name}`, node.loc);
    default:
      // The remaining nodes' children in static_analyzer.go's order: parser.Children's.
      for (const c of children(node)) {
        const e = analyze(c, inObject, vars);
        if (e) return e;
      }
      return undefined;
  }
}
