// Static pass: desugars the AST into IR (ir.ts), resolves every variable to a frame slot, folds
// simple constants and reports static errors (unknown variables, self/super/$ outside objects,
// duplicate locals, fields and parameters).
import type { Bind, CompSpec, Loc, Node, ObjectMember, Param } from './ast.js';
import { staticError } from './errors.js';
import { K, type AssertIR, type FieldIR, type FnIR, type ForLevel, type IR, type LocalIR } from './ir.js';

class FrameCtx {
  size = 0;
  constructor(readonly parent: FrameCtx | null) {}
  alloc(): number {
    return this.size++;
  }
}

interface Binding {
  frame: FrameCtx;
  slot: number;
}

class Scope {
  constructor(
    readonly vars: Map<string, Binding>,
    readonly parent: Scope | null,
  ) {}
  lookup(name: string): Binding | undefined {
    const own = this.vars.get(name);
    if (own) return own;
    return this.parent ? this.parent.lookup(name) : undefined;
  }
}

interface Ctx {
  frame: FrameCtx;
  scope: Scope;
  /** Inside an object body (self/super/$ allowed). */
  inObject: boolean;
}

export interface CompileOptions {
  /** Names bound in the top-level frame, in slot order (used for ext-var code snippets: none by default). */
  globals?: string[];
  /** What std.thisFile is (default: the file name of the locations, which errors show). */
  thisFile?: string;
}

/** compile()'s thisFile while it runs. */
let thisFileOverride: string | undefined;

export interface CompiledProgram {
  ir: IR;
  frameSize: number;
}

export function compile(node: Node, options: CompileOptions = {}): CompiledProgram {
  const frame = new FrameCtx(null);
  const vars = new Map<string, Binding>();
  for (const g of options.globals ?? []) vars.set(g, { frame, slot: frame.alloc() });
  const saved = thisFileOverride;
  thisFileOverride = options.thisFile;
  try {
    const ir = compileNode(node, { frame, scope: new Scope(vars, null), inObject: false }, '');
    return { ir, frameSize: frame.size };
  } finally {
    thisFileOverride = saved;
  }
}

function depthOf(from: FrameCtx, to: FrameCtx): number {
  let d = 0;
  for (let f: FrameCtx | null = from; f && f !== to; f = f.parent) d++;
  return d;
}

function isLit(ir: IR): ir is Extract<IR, { k: K.Lit }> {
  return ir.k === K.Lit;
}

/**
 * One node. The larger kinds are compiled by functions of their own: V8 optimises a small
 * function sooner and for less, and in a cold run that is much of the cost (compiling Tempo's 83
 * files in a fresh process: 344 → 306 M instructions).
 */
function compileNode(node: Node, ctx: Ctx, name: string): IR {
  const loc = node.loc;
  switch (node.type) {
    case 'Null':
      return { k: K.Lit, v: null, loc };
    case 'Boolean':
      return { k: K.Lit, v: node.value, loc };
    case 'Number':
      if (!Number.isFinite(node.value)) return { k: K.Error, e: { k: K.Lit, v: 'overflow', loc }, loc };
      return { k: K.Lit, v: node.value, loc };
    case 'String':
      return { k: K.Lit, v: node.value, loc };
    case 'Parens':
      return compileNode(node.inner, ctx, name);
    case 'Self':
      if (!ctx.inObject) throw staticError("Can't use self outside of an object.", loc);
      return { k: K.Self, loc };
    case 'Dollar':
      if (!ctx.inObject) throw staticError('No top-level object found.', loc);
      return { k: K.Dollar, loc };
    case 'Var': {
      const b = ctx.scope.lookup(node.name);
      if (!b) {
        if (node.name === 'std' || node.name === '$std') return { k: K.Std, loc };
        throw staticError(`Unknown variable: ${node.name}`, loc);
      }
      return { k: K.Var, depth: depthOf(ctx.frame, b.frame), slot: b.slot, name: node.name, loc };
    }
    case 'Array':
      return { k: K.Arr, elems: node.elements.map((e) => compileNode(e, ctx, '')), loc, konst: undefined };
    case 'ArrayComp': {
      const { levels, inner, finish } = compileSpecs(node.specs, ctx);
      const body = compileNode(node.body, inner, '');
      finish();
      return { k: K.ArrComp, levels, body, loc };
    }
    case 'Object':
      return compileObject(node.members, ctx, loc, name);
    case 'ObjectComp':
      return compileObjectComp(node, ctx);
    case 'Index': {
      const target = compileNode(node.target, ctx, '');
      if (target.k === K.Std && node.index.type === 'String' && node.index.value === 'thisFile') {
        return { k: K.Lit, v: thisFileOverride ?? loc.file, loc };
      }
      const index = compileNode(node.index, ctx, '');
      return { k: K.Index, target, index, loc };
    }
    case 'SuperIndex':
      if (!ctx.inObject) throw staticError("Can't use super outside of an object.", node.superLoc ?? loc);
      return { k: K.SuperIndex, index: compileNode(node.index, ctx, ''), loc };
    case 'InSuper':
      if (!ctx.inObject) throw staticError("Can't use super outside of an object.", loc);
      return { k: K.InSuper, index: compileNode(node.index, ctx, ''), loc };
    case 'Slice':
      return {
        k: K.Slice,
        target: compileNode(node.target, ctx, ''),
        from: node.from && compileNode(node.from, ctx, ''),
        to: node.to && compileNode(node.to, ctx, ''),
        step: node.step && compileNode(node.step, ctx, ''),
        loc,
      };
    case 'Apply':
      return compileApply(node, ctx);
    case 'Binary':
      return compileBinary(node, ctx);
    case 'Unary':
      return compileUnary(node, ctx);
    case 'Conditional':
      return compileConditional(node, ctx, name);
    case 'Function':
      return compileFunction(node.params, node.body, ctx, name, loc);
    case 'Local':
      return compileLocal(node, ctx, name);
    case 'Error':
      return { k: K.Error, e: compileNode(node.expr, ctx, ''), loc };
    case 'Assert':
      return {
        k: K.Assert,
        cond: compileNode(node.cond, ctx, ''),
        message: node.message && compileNode(node.message, ctx, ''),
        rest: compileNode(node.rest, ctx, name),
        loc,
      };
    case 'Import':
      return { k: K.Import, kind: node.kind, path: node.path, loc };
  }
}

function compileObjectComp(node: Extract<Node, { type: 'ObjectComp' }>, ctx: Ctx): IR {
  const loc = node.loc;
  const { levels, inner, finish } = compileSpecs(node.specs, ctx);
  const field = node.members.find((m) => m.kind === 'field');
  if (!field || field.kind !== 'field')
    throw staticError('Object comprehension can only have one field', loc);
  const key = compileNode(field.key, inner, '');
  const objFrame = new FrameCtx(inner.frame);
  const vars = new Map<string, Binding>();
  const objCtx: Ctx = { frame: objFrame, scope: new Scope(vars, inner.scope), inObject: true };
  const locals = bindLocals(
    node.members.flatMap((m) => (m.kind === 'local' ? [m.bind] : [])),
    objCtx,
    vars,
  );
  const body = field.params
    ? compileFunction(field.params, field.value, objCtx, field.name ?? '', field.loc)
    : compileNode(field.value, objCtx, field.name ?? '');
  finish();
  return {
    k: K.ObjComp,
    levels,
    key,
    body,
    plus: field.plus,
    locals,
    frameSize: objFrame.size,
    nested: ctx.inObject,
    loc,
  };
}

function compileApply(node: Extract<Node, { type: 'Apply' }>, ctx: Ctx): IR {
  const loc = node.loc;
  const seen = new Set<string>();
  for (const a of node.named) {
    if (seen.has(a.name)) throw staticError(`Argument ${a.name} already provided`, a.loc);
    seen.add(a.name);
  }
  return {
    k: K.Call,
    fn: compileNode(node.fn, ctx, ''),
    args: node.positional.map((a) => compileNode(a, ctx, '')),
    named: node.named.map((a) => ({ name: a.name, value: compileNode(a.value, ctx, '') })),
    tailstrict: node.tailstrict,
    loc,
  };
}

function compileBinary(node: Extract<Node, { type: 'Binary' }>, ctx: Ctx): IR {
  const loc = node.loc;
  const l = compileNode(node.left, ctx, '');
  const r = compileNode(node.right, ctx, '');
  if (node.op === '&&') return { k: K.And, l, r, loc };
  if (node.op === '||') return { k: K.Or, l, r, loc };
  if (isLit(l) && isLit(r)) {
    const folded = foldBinary(node.op, l.v, r.v);
    if (folded !== undefined) return { k: K.Lit, v: folded, loc };
  }
  return { k: K.Bin, op: node.op, l, r, loc };
}

function compileUnary(node: Extract<Node, { type: 'Unary' }>, ctx: Ctx): IR {
  const loc = node.loc;
  const e = compileNode(node.operand, ctx, '');
  if (isLit(e) && typeof e.v === 'number') {
    if (node.op === '-') return { k: K.Lit, v: -e.v, loc };
    if (node.op === '+') return { k: K.Lit, v: e.v, loc };
  }
  if (isLit(e) && typeof e.v === 'boolean' && node.op === '!') return { k: K.Lit, v: !e.v, loc };
  return { k: K.Un, op: node.op, e, loc };
}

function compileConditional(node: Extract<Node, { type: 'Conditional' }>, ctx: Ctx, name: string): IR {
  const loc = node.loc;
  const cond = compileNode(node.cond, ctx, '');
  const then = compileNode(node.then, ctx, name);
  const otherwise: IR = node.else ? compileNode(node.else, ctx, name) : { k: K.Lit, v: null, loc };
  if (isLit(cond) && typeof cond.v === 'boolean') return cond.v ? then : otherwise;
  return { k: K.If, cond, then, else: otherwise, loc };
}

function compileLocal(node: Extract<Node, { type: 'Local' }>, ctx: Ctx, name: string): IR {
  const loc = node.loc;
  const vars = new Map<string, Binding>();
  const inner: Ctx = { frame: ctx.frame, scope: new Scope(vars, ctx.scope), inObject: ctx.inObject };
  const binds = bindLocals(node.binds, inner, vars);
  const body = compileNode(node.body, inner, name);
  return { k: K.Local, binds, body, loc };
}

/** Binds a group of mutually recursive locals in the current frame. */
function bindLocals(binds: Bind[], ctx: Ctx, vars: Map<string, Binding>): LocalIR[] {
  for (const b of binds) {
    if (vars.has(b.name)) {
      // go-jsonnet's place: the name.
      const { line, column, offset } = b.loc.start;
      throw staticError(`Duplicate local var: ${b.name}`, {
        file: b.loc.file,
        start: b.loc.start,
        end: { line, column: column + b.name.length, offset: offset + b.name.length },
      });
    }
    vars.set(b.name, { frame: ctx.frame, slot: ctx.frame.alloc() });
  }
  return binds.map((b) => {
    const slot = (vars.get(b.name) as Binding).slot;
    const body = b.params
      ? compileFunction(b.params, b.body, ctx, b.name, b.loc)
      : compileNode(b.body, ctx, b.name);
    return { slot, name: b.name, body };
  });
}

function compileFunction(params: Param[], bodyNode: Node, ctx: Ctx, name: string, loc: Loc): FnIR {
  const frame = new FrameCtx(ctx.frame);
  const vars = new Map<string, Binding>();
  for (const p of params) {
    if (vars.has(p.name)) throw staticError(`Duplicate function parameter: ${p.name}`, loc);
    vars.set(p.name, { frame, slot: frame.alloc() });
  }
  const inner: Ctx = { frame, scope: new Scope(vars, ctx.scope), inObject: ctx.inObject };
  const compiledParams = params.map((p) => ({
    name: p.name,
    defaultValue: p.defaultValue && compileNode(p.defaultValue, inner, ''),
  }));
  const body = compileNode(bodyNode, inner, '');
  return { k: K.Fn, params: compiledParams, body, frameSize: frame.size, name, loc };
}

function compileSpecs(specs: CompSpec[], ctx: Ctx): { levels: ForLevel[]; inner: Ctx; finish: () => void } {
  const levels: ForLevel[] = [];
  const frames: FrameCtx[] = [];
  let current = ctx;
  let level: ForLevel | undefined;
  let levelFrame: FrameCtx | undefined;
  for (const spec of specs) {
    if (spec.kind === 'for') {
      const expr = compileNode(spec.expr, current, '');
      levelFrame = new FrameCtx(current.frame);
      frames.push(levelFrame);
      const vars = new Map<string, Binding>([[spec.name, { frame: levelFrame, slot: levelFrame.alloc() }]]);
      current = { frame: levelFrame, scope: new Scope(vars, current.scope), inObject: current.inObject };
      level = { expr, conds: [], frameSize: 0, name: spec.name, loc: spec.loc };
      levels.push(level);
    } else if (level) {
      level.conds.push(compileNode(spec.cond, current, ''));
    }
  }
  return { levels, inner: current, finish: () => levels.forEach((l, i) => (l.frameSize = frames[i].size)) };
}

function compileObject(members: ObjectMember[], ctx: Ctx, loc: Loc, name: string): IR {
  const objFrame = new FrameCtx(ctx.frame);
  const vars = new Map<string, Binding>();
  const objCtx: Ctx = { frame: objFrame, scope: new Scope(vars, ctx.scope), inObject: true };
  const binds = members.flatMap((m) => (m.kind === 'local' ? [m.bind] : []));
  const locals = bindLocals(binds, objCtx, vars);
  const fields: FieldIR[] = [];
  const asserts: AssertIR[] = [];
  const names = new Set<string>();
  let allStatic = true;
  for (const m of members) {
    if (m.kind === 'field') {
      let key: IR | undefined;
      let fieldName = m.name;
      if (m.keyKind === 'computed') {
        // Computed names are evaluated in the enclosing scope, not the object's.
        key = compileNode(m.key, ctx, '');
        if (isLit(key) && typeof key.v === 'string') {
          fieldName = key.v;
          key = undefined;
        } else {
          allStatic = false;
        }
      }
      if (fieldName !== undefined) {
        if (names.has(fieldName))
          throw staticError(`duplicate field name: ${JSON.stringify(fieldName)}`, m.loc);
        names.add(fieldName);
      }
      const body = m.params
        ? compileFunction(m.params, m.value, objCtx, fieldName ?? '', m.loc)
        : compileNode(m.value, objCtx, fieldName ?? '');
      fields.push({ name: fieldName, key, vis: m.visibility, plus: m.plus, body, loc: m.loc });
    } else if (m.kind === 'assert') {
      asserts.push({
        cond: compileNode(m.cond, objCtx, ''),
        message: m.message && compileNode(m.message, objCtx, ''),
        loc: m.loc,
      });
    }
  }
  let staticFields: Map<string, FieldIR> | undefined;
  if (allStatic) {
    staticFields = new Map();
    for (const f of fields) staticFields.set(f.name as string, f);
  }
  const ir: IR = {
    k: K.Obj,
    fields,
    staticFields,
    locals,
    asserts,
    frameSize: 0,
    nested: ctx.inObject,
    name,
    loc,
    chains: undefined,
  };
  ir.frameSize = objFrame.size;
  return ir;
}

function foldBinary(op: string, a: unknown, b: unknown): number | string | boolean | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    let r: number;
    switch (op) {
      case '+':
        r = a + b;
        break;
      case '-':
        r = a - b;
        break;
      case '*':
        r = a * b;
        break;
      case '/':
        if (b === 0) return undefined;
        r = a / b;
        break;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      case '==':
        return a === b;
      case '!=':
        return a !== b;
      default:
        return undefined;
    }
    return Number.isFinite(r) ? r : undefined;
  }
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
  return undefined;
}
