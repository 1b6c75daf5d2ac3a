// The evaluator: runs IR in frames, lazily (thunks for locals, arguments, array elements and
// fields), with object fields cached per (layer, self). Errors carry a reference-style trace.
import type { Loc } from './ast.js';
import { JsonnetError, type TraceEntry } from './errors.js';
import {
  K,
  type CallIR,
  type FnIR,
  type ForLevel,
  type IR,
  type LocalIR,
  type ObjCompIR,
  type ObjIR,
} from './ir.js';
import { manifestSingleLine } from './manifest.js';
import { goFloat } from './std-pure/number-format.js';
import {
  heapTick,
  hostError,
  nameFrame,
  pushCrossedSite,
  pushSite,
  renameFrame,
  rt,
  rtError,
} from './runtime.js';
import { sortCodePoints } from './std-pure/json.js';
import { sliceError } from './std-checks.js';
import { modOperandFrames, withStdFrames } from './std-frames.js';
import { stdMod } from './std/math.js';
import {
  CompLayer,
  force,
  Frame,
  IrLayer,
  JArray,
  JFunction,
  JObject,
  Thunk,
  compareStrings,
  hooks,
  typeOf,
  type NativeImpl,
  type Slot,
  type Value,
} from './values.js';

hooks.evaluate = evaluate;
hooks.nameFrame = nameFrame;

/** Turns an IR expression into a slot without evaluating it when it is cheap to know. */
function slotOf(ir: IR, frame: Frame, name: string): Slot {
  switch (ir.k) {
    case K.Lit:
      return ir.v;
    case K.Var: {
      let f = frame;
      for (let d = ir.depth; d > 0; d--) f = f.p as Frame;
      const s = f.s[ir.slot];
      // go-jsonnet makes every argument and element a thunk of its own, a variable's too: while the
      // variable's value is not known, forcing it is one more frame (in an error's trace, and
      // against --max-stack). Once it is known nothing can fail, and the value is shared.
      return s instanceof Thunk && s.pending ? Thunk.of(ir, frame, name) : s;
    }
    case K.Fn:
      return makeClosure(ir, frame);
    default:
      return Thunk.of(ir, frame, name);
  }
}

function makeClosure(ir: FnIR, frame: Frame): JFunction {
  return new JFunction(ir.params, ir.body, frame, ir.frameSize, ir.name);
}

function bindLocals(binds: LocalIR[], frame: Frame): void {
  const s = frame.s;
  for (let i = 0; i < binds.length; i++) {
    const b = binds[i];
    // A local bound to a variable is always a thunk: the variable may be a local of this same
    // `local … ,` not bound yet (`local a = b, b = 1`, `local x = x`), which slotOf would read empty.
    s[b.slot] = b.body.k === K.Var ? Thunk.of(b.body, frame, b.name) : slotOf(b.body, frame, b.name);
  }
}

export function evaluate(ir: IR, frame: Frame): Value {
  // Only the hottest forms live here: a small function keeps each JS frame small, so deep Jsonnet
  // recursion fits the JS stack. Everything else is in evaluateOther.
  switch (ir.k) {
    case K.Lit:
      return ir.v;
    case K.Var: {
      let f = frame;
      for (let d = ir.depth; d > 0; d--) f = f.p as Frame;
      const s = f.s[ir.slot];
      return s instanceof Thunk ? forceAt(s, ir.loc) : s;
    }
    case K.Call:
      return evalCall(ir, frame);
    case K.Bin: {
      const l = evaluate(ir.l, frame);
      if (ir.op === '%') return percentOf(l, ir, frame);
      return binary(ir.op, l, evaluate(ir.r, frame), ir.loc);
    }
    case K.If: {
      const c = evaluate(ir.cond, frame);
      if (c === true) return evaluate(ir.then, frame);
      if (c === false) return evaluate(ir.else, frame);
      throw rtError(`Unexpected type ${typeOf(c)}, expected boolean`, ir.loc);
    }
    case K.Index:
      return indexValue(
        evaluate(ir.target, frame),
        evaluate(ir.index, frame),
        ir.loc,
        ir.target.k === K.Var ? ir.target.name : undefined,
      );
    case K.Local:
      bindLocals(ir.binds, frame);
      return evaluate(ir.body, frame);
    default:
      return evaluateOther(ir, frame);
  }
}

function forceAt(s: Thunk, loc: Loc): Value {
  try {
    return s.force();
  } catch (e) {
    pushSite(e, loc);
    throw e;
  }
}

function evaluateOther(ir: IR, frame: Frame): Value {
  switch (ir.k) {
    case K.Self:
      return frame.self as JObject;
    case K.Dollar:
      return frame.dollar as JObject;
    case K.Std:
      return rt.std;
    case K.Fn:
      return makeClosure(ir, frame);
    case K.Arr: {
      if (ir.konst !== undefined) return ir.konst;
      const elems = ir.elems;
      const out: Slot[] = new Array(elems.length);
      let literals = true;
      for (let i = 0; i < elems.length; i++) {
        const elem = elems[i];
        if (elem.k !== K.Lit) literals = false;
        out[i] = slotOf(elem, frame, 'array_element');
      }
      const array = new JArray(out);
      // A literal array in a function or a loop (`std.member(['a', 'b'], x)`) is built once.
      if (literals) ir.konst = array;
      return array;
    }
    case K.ArrComp: {
      const out: Slot[] = [];
      runLevels(ir.levels, 0, frame, (f) => out.push(slotOf(ir.body, f, 'array_element')), ir.loc);
      heapTick(ir.loc, out.length);
      return new JArray(out);
    }
    case K.Obj:
      return makeObject(ir, frame);
    case K.ObjComp:
      return makeComprehensionObject(ir, frame);
    case K.SuperIndex: {
      const name = evaluate(ir.index, frame);
      if (typeof name !== 'string') throw rtError(`Field name must be string, got ${typeOf(name)}`, ir.loc);
      const self = frame.self as JObject;
      if (frame.layer === 0)
        throw rtError('Attempt to use super when there is no super class.', superKeyword(ir.loc));
      const j = self.findLayer(name, frame.layer - 1);
      if (j < 0) throw rtError(`Field does not exist: ${name}`, ir.loc);
      try {
        return fieldAt(self, j, name);
      } catch (e) {
        pushSite(e, ir.loc);
        throw e;
      }
    }
    case K.InSuper: {
      const name = evaluate(ir.index, frame);
      if (typeof name !== 'string') throw rtError(`Field name must be string, got ${typeOf(name)}`, ir.loc);
      return (frame.self as JObject).findLayer(name, frame.layer - 1) >= 0;
    }
    case K.Slice:
      return sliceValue(
        evaluate(ir.target, frame),
        ir.from && evaluate(ir.from, frame),
        ir.to && evaluate(ir.to, frame),
        ir.step && evaluate(ir.step, frame),
        ir.loc,
      );
    case K.And: {
      const l = evaluate(ir.l, frame);
      if (typeof l !== 'boolean') throw rtError(`Unexpected type ${typeOf(l)}, expected boolean`, ir.loc);
      if (!l) return false;
      const r = evaluate(ir.r, frame);
      if (typeof r !== 'boolean') throw rtError(`Unexpected type ${typeOf(r)}, expected boolean`, ir.loc);
      return r;
    }
    case K.Or: {
      const l = evaluate(ir.l, frame);
      if (typeof l !== 'boolean') throw rtError(`Unexpected type ${typeOf(l)}, expected boolean`, ir.loc);
      if (l) return true;
      const r = evaluate(ir.r, frame);
      if (typeof r !== 'boolean') throw rtError(`Unexpected type ${typeOf(r)}, expected boolean`, ir.loc);
      return r;
    }
    case K.Un:
      return unary(ir.op, evaluate(ir.e, frame), ir.loc);
    case K.Error: {
      const v = evaluate(ir.e, frame);
      let message: string;
      try {
        message = typeof v === 'string' ? v : toStr(v);
      } catch (e) {
        pushCrossedSite(e, ir.loc);
        throw e;
      }
      throw rtError(message, ir.loc);
    }
    case K.Assert: {
      const c = evaluate(ir.cond, frame);
      if (typeof c !== 'boolean')
        throw rtError(`Unexpected type ${typeOf(c)}, expected boolean`, ir.cond.loc);
      if (!c) {
        let msg = 'Assertion failed';
        if (ir.message) {
          const m = evaluate(ir.message, frame);
          msg = typeof m === 'string' ? m : toStr(m);
        }
        const err = rtError(msg, ir.loc);
        (err.trace[0] as TraceEntry).unnamed = true;
        throw err;
      }
      return evaluate(ir.rest, frame);
    }
    case K.Import:
      return evalImport(ir);
    default:
      return evaluate(ir, frame);
  }
}

function evalImport(ir: Extract<IR, { k: K.Import }>): Value {
  if (++rt.depth > rt.maxStack) {
    rt.depth--;
    const err = rtError('max stack frames exceeded.', ir.loc);
    nameFrame(err, 'thunk <import>');
    throw err;
  }
  try {
    return rt.importer(ir.kind, ir.loc.file, ir.path, ir.loc);
  } catch (e) {
    const err = hostError(e, ir.loc);
    if (err instanceof JsonnetError && !err.detail.startsWith("couldn't open import")) {
      pushCrossedSite(err, ir.loc);
      nameFrame(err, 'thunk <import>');
    }
    throw err;
  } finally {
    rt.depth--;
  }
}

/** Source span of the body of field `name` as `obj` would evaluate it (for manifestation errors). */
export function fieldLoc(obj: JObject, name: string): Loc | undefined {
  const j = obj.findLayer(name, obj.layers.length - 1);
  if (j < 0) return undefined;
  const layer = obj.layers[j];
  return layer.kind === 2 || layer.kind === 3 ? undefined : fieldBodyLoc(layer, name);
}

/**
 * The comprehension's frames go-jsonnet shows: it desugars `[e for x in a if c]` into
 * `std.flatMap(function(x) if c then [e] else [], a)`, calls without a context at the
 * comprehension's place, so what fails in `a`, in `c` or in an inner `for` passes one more frame.
 */
function comprehensionFrame(e: unknown, loc: Loc): unknown {
  if (e instanceof JsonnetError && e.kind === 'runtime') e.trace.push({ loc, name: '', unnamed: true });
  return e;
}

function runLevels(levels: ForLevel[], i: number, frame: Frame, emit: (f: Frame) => void, loc: Loc): void {
  const level = levels[i];
  let arr: Value;
  try {
    arr = evaluate(level.expr, frame);
  } catch (e) {
    throw comprehensionFrame(e, loc);
  }
  if (!(arr instanceof JArray)) {
    const err = rtError(`Unexpected type ${typeOf(arr)}, expected array`, loc);
    (err.trace[0] as TraceEntry).unnamed = true;
    throw err;
  }
  const last = i === levels.length - 1;
  const conds = level.conds;
  outer: for (let j = 0; j < arr.length; j++) {
    const f = new Frame(new Array(level.frameSize), frame, frame.self, frame.layer, frame.dollar);
    f.s[0] = arr.slot(j);
    try {
      for (let c = 0; c < conds.length; c++) {
        const v = evaluate(conds[c], f);
        if (v !== true) {
          if (v === false) continue outer;
          // go-jsonnet's desugared `if` has no location: an empty frame.
          throw new JsonnetError('runtime', `Unexpected type ${typeOf(v)}, expected boolean`, undefined, [
            { loc: undefined, name: '', raw: '' },
          ]);
        }
      }
      if (!last) runLevels(levels, i + 1, f, emit, loc);
    } catch (e) {
      throw comprehensionFrame(e, loc);
    }
    if (last) emit(f);
  }
}

function makeObject(ir: ObjIR, frame: Frame): JObject {
  let fields = ir.staticFields;
  if (!fields) {
    fields = new Map();
    for (const f of ir.fields) {
      let name = f.name;
      if (f.key) {
        const k = evaluate(f.key, frame);
        if (k === null) continue;
        // go-jsonnet's place for it: the object.
        if (typeof k !== 'string') throw rtError(`Field name must be string, got ${typeOf(k)}`, ir.loc);
        name = k;
      }
      if (fields.has(name as string)) throw rtError(`Duplicate field name: ${JSON.stringify(name)}`, f.loc);
      fields.set(name as string, f);
    }
  }
  return new JObject([new IrLayer(ir, fields, frame)]);
}

function makeComprehensionObject(ir: ObjCompIR, frame: Frame): JObject {
  const fields = new Map<string, Frame>();
  // go-jsonnet makes the fields' array in a thunk (one more frame), then merges it, refusing a
  // duplicate only then.
  let duplicate: string | undefined;
  try {
    runLevels(
      ir.levels,
      0,
      frame,
      (f) => {
        const k = evaluate(ir.key, f);
        if (k === null) return;
        if (typeof k !== 'string') throw rtError(`Field name must be string, got ${typeOf(k)}`, ir.loc);
        if (fields.has(k)) duplicate ??= k;
        else fields.set(k, f);
      },
      ir.loc,
    );
  } catch (e) {
    throw comprehensionFrame(e, ir.loc);
  }
  if (duplicate !== undefined) {
    const err = rtError(`Duplicate field name: ${JSON.stringify(duplicate)}`, ir.loc);
    (err.trace[0] as TraceEntry).unnamed = true;
    throw err;
  }
  return new JObject([new CompLayer(ir, fields, frame)]);
}

/** The frame in which fields of layer `j` of `obj` are evaluated (object locals bound). */
function objectFrame(obj: JObject, j: number): Frame {
  let frames = obj.frames;
  if (!frames) frames = obj.frames = new Array(obj.layers.length);
  let f = frames[j];
  if (f) return f;
  const layer = obj.layers[j] as IrLayer;
  const env = layer.env;
  f = new Frame(new Array(layer.ir.frameSize), env, obj, j, layer.ir.nested ? env.dollar : obj);
  bindLocals(layer.ir.locals, f);
  frames[j] = f;
  return f;
}

/** Runs the object's assertions once (they see the final self). */
export function checkAssertions(obj: JObject): void {
  if (obj.assertState !== 0) return;
  obj.assertState = 1;
  try {
    // go-jsonnet's order: the right-most object of `a + b` first.
    for (let j = obj.layers.length - 1; j >= 0; j--) {
      const layer = obj.layers[j];
      if (layer.kind !== 0 || layer.ir.asserts.length === 0) continue;
      const frame = objectFrame(obj, j);
      for (const a of layer.ir.asserts) {
        const c = evaluate(a.cond, frame);
        if (c !== true) {
          if (typeof c !== 'boolean') throw rtError(`Unexpected type ${typeOf(c)}, expected boolean`, a.loc);
          let msg = 'Object assertion failed.';
          if (a.message) {
            const m = evaluate(a.message, frame);
            msg = typeof m === 'string' ? m : toStr(m);
          }
          // go-jsonnet raises it from the error its desugarer made of the assertion: no context.
          const err = rtError(msg, a.loc);
          (err.trace[0] as TraceEntry).unnamed = true;
          throw err;
        }
      }
    }
    obj.assertState = 2;
  } catch (e) {
    obj.assertState = 0;
    nameFrame(e, 'thunk <object_assert>');
    throw e;
  }
}

/** `obj[name]` including hidden fields; runs assertions first. */
export function getField(obj: JObject, name: string, loc: Loc | undefined, via?: string): Value {
  if (obj.assertState !== 2) {
    try {
      checkAssertions(obj);
    } catch (e) {
      if (loc !== undefined) pushSite(e, loc);
      throw e;
    }
  }
  let cache = obj.cache;
  if (cache === undefined) cache = obj.cache = new Map();
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const j = obj.findLayer(name, obj.layers.length - 1);
  if (j < 0) throw rtError(`Field does not exist: ${name}`, loc);
  let v: Value;
  try {
    v = evalField(obj, j, name);
  } catch (e) {
    // The reference names a field's frame after the variable it was reached through.
    if (via !== undefined) renameFrame(e, 'object <anonymous>', `object <${via}>`);
    if (loc) pushSite(e, loc);
    throw e;
  }
  cache.set(name, v);
  return v;
}

/** Value of field `name` as defined by layer `j` (and the layers below it), for self `obj`. */
function fieldAt(obj: JObject, j: number, name: string): Value {
  if (j === obj.layers.length - 1) return getField(obj, name, undefined);
  let caches = obj.superCache;
  if (!caches) caches = obj.superCache = new Array(obj.layers.length);
  let c = caches[j];
  if (!c) c = caches[j] = new Map();
  const cached = c.get(name);
  if (cached !== undefined) return cached;
  const v = evalField(obj, j, name);
  c.set(name, v);
  return v;
}

function evalField(obj: JObject, j: number, name: string): Value {
  const layer = obj.layers[j];
  if (layer.kind === 2) {
    const slot = (layer.fields.get(name) as { slot: Slot }).slot;
    return slot instanceof Thunk ? forceNamed(slot, name) : slot;
  }
  if (layer.kind === 3) throw rtError(`Field does not exist: ${name}`);
  if (++rt.depth > rt.maxStack) {
    rt.depth--;
    throw rtError('max stack frames exceeded.', fieldBodyLoc(layer, name));
  }
  try {
    return evalOwnField(obj, j, layer, name);
  } catch (e) {
    const err = hostError(e, fieldBodyLoc(layer, name));
    nameFrame(err, 'object <anonymous>');
    throw err;
  } finally {
    rt.depth--;
  }
}

function fieldBodyLoc(layer: IrLayer | CompLayer, name: string): Loc | undefined {
  return layer.kind === 0 ? layer.fields.get(name)?.body.loc : layer.ir.body.loc;
}

function evalOwnField(obj: JObject, j: number, layer: IrLayer | CompLayer, name: string): Value {
  if (layer.kind === 1) {
    const ir = layer.ir;
    const env = layer.fields.get(name) as Frame;
    const f = new Frame(new Array(ir.frameSize), env, obj, j, ir.nested ? env.dollar : obj);
    bindLocals(ir.locals, f);
    return ir.plus ? plusField(obj, j, name, ir.body, f, false) : evaluate(ir.body, f);
  }
  const field = layer.fields.get(name);
  if (!field) throw rtError(`Field does not exist: ${name}`);
  const frame = objectFrame(obj, j);
  return field.plus ? plusField(obj, j, name, field.body, frame) : evaluate(field.body, frame);
}

/**
 * A `+:` field's value: `super[name] + body` when a layer below layer `j` has the field, else the
 * body's. go-jsonnet evaluates it in a frame of its own, `+:` at the body, which its errors show
 * (without a location for a comprehension's field: go-jsonnet's desugared body has none).
 */
function plusField(obj: JObject, j: number, name: string, body: IR, frame: Frame, located = true): Value {
  let v: Value;
  let left: Value;
  try {
    v = evaluate(body, frame);
    const below = obj.findLayer(name, j - 1);
    if (below < 0) return v;
    left = fieldAt(obj, below, name);
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'runtime') e.trace.push(plusFrame(body, located));
    throw e;
  }
  try {
    return plus(left, v, body.loc);
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'runtime') {
      // The operator's own error is at that frame; one from converting a value to a string is inside it.
      if (e.trace.length === 1 && e.trace[0]?.loc === body.loc) e.trace[0] = plusFrame(body, located);
      else e.trace.push(plusFrame(body, located));
    }
    throw e;
  }
}

function plusFrame(body: IR, located: boolean): TraceEntry {
  return located
    ? { loc: body.loc, name: '+:', named: true }
    : { loc: undefined, raw: '', name: '+:', named: true };
}

function forceNamed(t: Thunk, name: string): Value {
  try {
    return t.force();
  } catch (e) {
    nameFrame(e, `object <${name}>`);
    throw e;
  }
}

/** The `super` keyword that starts a `super.x` or `super[e]` (go-jsonnet's place for its error). */
function superKeyword(loc: Loc): Loc {
  const { line, column, offset } = loc.start;
  return {
    file: loc.file,
    start: { line, column, offset },
    end: { line, column: column + 5, offset: offset + 5 },
  };
}

/** Go's int(x) of a float64 on amd64: cut toward zero; NaN and what int64 cannot hold are its minimum. */
function goInt(x: number): number {
  return Number.isNaN(x) || Math.abs(x) >= 2 ** 63 ? -(2 ** 63) : Math.trunc(x);
}

function outOfBounds(index: number, length: number): string {
  return `Index ${index === -(2 ** 63) ? '-9223372036854775808' : index} out of bounds, not within [0, ${length})`;
}

export function indexValue(target: Value, index: Value, loc: Loc, via?: string): Value {
  if (target instanceof JObject) {
    if (typeof index !== 'string') throw rtError(`Unexpected type ${typeOf(index)}, expected string`, loc);
    return getField(target, index, loc, via);
  }
  if (target instanceof JArray) {
    if (typeof index !== 'number') throw rtError(`Unexpected type ${typeOf(index)}, expected number`, loc);
    // go-jsonnet indexes by the number converted to a Go int (a fraction is cut off).
    const i = goInt(index);
    if (i < 0 || i >= target.length) throw rtError(outOfBounds(i, target.length), loc);
    const s = target.slot(i);
    return s instanceof Thunk ? forceAt(s, loc) : s;
  }
  if (typeof target === 'string') {
    if (typeof index !== 'number') throw rtError(`Unexpected type ${typeOf(index)}, expected number`, loc);
    const cps = codepoints(target);
    const i = goInt(index);
    if (i < 0 || i >= cps.length) throw rtError(outOfBounds(i, cps.length), loc);
    return cps[i];
  }
  throw rtError(`Value non indexable: *jsonnet.${GO_VALUE_TYPE[typeOf(target)]}`, loc);
}

/** The Go type go-jsonnet's "Value non indexable" names (reflect.TypeOf) per Jsonnet type. */
const GO_VALUE_TYPE: Record<string, string> = {
  null: 'valueNull',
  boolean: 'valueBoolean',
  number: 'valueNumber',
  function: 'valueFunction',
};

let lastCpString = '';
let lastCps: string[] = [];
/** The code points of a string (cached for the last string, so indexing loops stay linear). */
export function codepoints(s: string): string[] {
  if (s === lastCpString) return lastCps;
  lastCps = Array.from(s);
  lastCpString = s;
  return lastCps;
}

export function strLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

function sliceValue(
  target: Value,
  from: Value | undefined,
  to: Value | undefined,
  step: Value | undefined,
  loc: Loc,
): Value {
  const isStr = typeof target === 'string';
  if (!isStr && !(target instanceof JArray)) throw sliceFailure(target, from, to, step, loc);
  if (!isBound(from) || !isBound(to) || !isBound(step)) throw sliceFailure(target, from, to, step, loc);
  return sliceIndexable(
    target,
    from as number | null | undefined,
    to as number | null | undefined,
    step as number | null | undefined,
    loc,
  );
}

/** A slice bound: a number, or absent (null, undefined) for its default. */
function isBound(v: Value | undefined): boolean {
  return v === undefined || v === null || typeof v === 'number';
}

/**
 * A slice that fails, as go-jsonnet's std.slice reports it (std-checks.ts); `loc`: the site of the
 * `x[a:b:c]` syntax, which go-jsonnet desugars to a call of std.slice (an unnamed frame).
 */
function sliceFailure(
  target: Value,
  from: Value | undefined,
  to: Value | undefined,
  step: Value | undefined,
  loc: Loc | undefined,
): JsonnetError {
  const e = sliceError(target, from ?? null, to ?? null, step ?? null);
  if (loc) e.trace.push({ loc, name: '', unnamed: true });
  return e;
}

export function sliceIndexable(
  target: string | JArray,
  from: number | null | undefined,
  to: number | null | undefined,
  step: number | null | undefined,
  loc?: Loc,
): Value {
  const items = typeof target === 'string' ? codepoints(target) : null;
  const len = items ? items.length : (target as JArray).length;
  let start = from ?? 0;
  let end = to ?? len;
  const st = step ?? 1;
  if (st <= 0) throw sliceFailure(target, from, to, step, loc);
  if (start < 0) start = Math.max(0, len + start);
  if (end < 0) end = Math.max(0, len + end);
  if (end > len) end = len;
  // go-jsonnet's std.slice steps a fractional index as it is and indexes at its integer part
  const whole = Number.isInteger(start) && Number.isInteger(st);
  if (items) {
    if (st === 1 && whole) return items.slice(start, end).join('');
    let out = '';
    for (let i = start; i < end; i += st) out += items[whole ? i : Math.trunc(i)];
    return out;
  }
  const arr = target as JArray;
  const out: Slot[] = [];
  for (let i = start; i < end; i += st) out.push(arr.slot(whole ? i : Math.trunc(i)) as Slot);
  return new JArray(out);
}

/** A call; `target`: its function, when the caller evaluated it already. */
function evalCall(ir: CallIR, frame: Frame, target?: Value): Value {
  const fn = target === undefined ? evaluate(ir.fn, frame) : target;
  const n = ir.args.length;
  if (
    fn instanceof JFunction &&
    fn.native === null &&
    !ir.tailstrict &&
    ir.named.length === 0 &&
    n <= fn.params.length
  ) {
    // Common case: positional arguments go straight into the new frame's slots.
    const env = fn.env as Frame;
    const slots: Slot[] = new Array(fn.frameSize);
    const callee = new Frame(slots, env, env.self, env.layer, env.dollar);
    for (let i = 0; i < n; i++) slots[i] = slotOf(ir.args[i], frame, '');
    const params = fn.params;
    for (let i = n; i < params.length; i++) {
      const d = params[i].defaultValue;
      if (d === undefined) throw rtError(`Missing argument: ${params[i].name}`, ir.loc);
      slots[i] =
        d.k === K.Lit ? d.v : d.k === K.Fn ? slotOf(d, callee, '') : Thunk.of(d, callee, params[i].name);
    }
    return runFunction(fn, callee, ir.loc);
  }
  const args: Slot[] = new Array(n);
  for (let i = 0; i < n; i++) args[i] = slotOf(ir.args[i], frame, '');
  let named: [string, Slot][] | null = null;
  if (ir.named.length > 0) named = ir.named.map((a) => [a.name, slotOf(a.value, frame, '')]);
  if (ir.tailstrict) {
    // go-jsonnet forces them at the call, which is their thunks' frame.
    try {
      for (let i = 0; i < n; i++) {
        const a = args[i];
        if (a instanceof Thunk) args[i] = a.force();
      }
      if (named) for (const a of named) if (a[1] instanceof Thunk) a[1] = a[1].force();
    } catch (e) {
      pushSite(e, ir.loc);
      throw e;
    }
  }
  return callFunction(fn, args, named, ir.loc, ir.tailstrict);
}

export function callFunction(
  fnv: Value,
  args: Slot[],
  named: [string, Slot][] | null,
  loc: Loc | undefined,
  strict = false,
): Value {
  if (!(fnv instanceof JFunction)) throw rtError(`Unexpected type ${typeOf(fnv)}, expected function`, loc);
  const fn = fnv;
  const params = fn.params;
  if (args.length > params.length) {
    throw rtError(`function expected ${params.length} positional argument(s), but got ${args.length}`, loc);
  }
  if (fn.native !== null) return callNative(fn, args, named, loc);
  const frame = bindFrame(fn, args, named, loc);
  if (strict) {
    // go-jsonnet forces them at the call, which is their thunks' frame.
    try {
      forceParams(fn, frame);
    } catch (e) {
      if (loc) pushSite(e, loc);
      throw e;
    }
  }
  return runFunction(fn, frame, loc, strict);
}

/** tailstrict: every parameter, defaults included, is evaluated before the body runs. */
function forceParams(fn: JFunction, frame: Frame): void {
  for (let i = 0; i < fn.params.length; i++) {
    const s = frame.s[i];
    if (s instanceof Thunk) frame.s[i] = s.force();
  }
}

/**
 * Runs a Jsonnet function body in its bound frame, looping over tailstrict tail calls. The frame of
 * a function called tailstrict goes once its body makes a call in tail position (go-jsonnet's
 * tailCallTrimStack): an error then shows the latest tailstrict call's site, and the first call's
 * if that one was not tailstrict (`outer`).
 */
function runFunction(fn: JFunction, boundFrame: Frame, loc: Loc | undefined, strict = false): Value {
  let current = fn;
  let frame = boundFrame;
  let site = loc;
  let trimmable = strict;
  let outer: Loc | undefined;
  heapTick(loc);
  if (++rt.depth > rt.maxStack) {
    rt.depth--;
    throw rtError('max stack frames exceeded.', loc);
  }
  try {
    for (;;) {
      const r = evalTail(current.body as IR, frame, trimmable);
      if (r !== TAIL_CALL) return r as Value;
      // A tailstrict call in tail position: reuse this JS frame instead of recursing.
      const next = pendingTail.fn;
      if (!trimmable) outer = site;
      trimmable = true;
      site = pendingTail.loc;
      if (!(next instanceof JFunction) || next.native !== null) {
        try {
          return callFunction(next, pendingTail.args, pendingTail.named, site, true);
        } catch (e) {
          // callFunction added the site.
          if (e instanceof JsonnetError) e.skipCallSite = true;
          throw e;
        }
      }
      if (pendingTail.args.length > next.params.length) {
        throw rtError(
          `function expected ${next.params.length} positional argument(s), but got ${pendingTail.args.length}`,
          site,
        );
      }
      current = next;
      frame = bindFrame(next, pendingTail.args, pendingTail.named, site);
      forceParams(next, frame);
    }
  } catch (e) {
    throw convertCallError(e, current, site, outer);
  } finally {
    rt.depth--;
  }
}

function callNative(
  fn: JFunction,
  args: Slot[],
  named: [string, Slot][] | null,
  loc: Loc | undefined,
): Value {
  const params = fn.params;
  const impl = fn.native as NativeImpl;
  const bound: (Slot | undefined)[] =
    args.length === params.length && named === null ? args : bindNative(fn, args, named, loc);
  const np = fn.nativeParams as { name: string; optional?: boolean }[];
  for (let i = 0; i < np.length; i++) {
    if (bound[i] === undefined && !np[i].optional) {
      throw rtError(`Missing argument: ${np[i].name}`, loc);
    }
  }
  // A builtin's call is no frame of its own in go-jsonnet (forcing each argument is, and each call
  // it makes back into Jsonnet).
  rt.callLoc = loc;
  try {
    return impl(bound);
  } catch (e) {
    throw convertCallError(e, fn, loc);
  }
}

const TAIL_CALL = { tail: true };
const pendingTail: { fn: Value; args: Slot[]; named: [string, Slot][] | null; loc: Loc | undefined } = {
  fn: null,
  args: [],
  named: null,
  loc: undefined,
};

/**
 * Evaluates an expression in tail position; a tailstrict call there is left to the caller's loop.
 * `trimmable`: the running function was called tailstrict, so a call here drops its frame.
 */
function evalTail(ir: IR, frame: Frame, trimmable: boolean): Value | typeof TAIL_CALL {
  for (;;) {
    switch (ir.k) {
      case K.If: {
        const c = evaluate(ir.cond, frame);
        if (c === true) ir = ir.then;
        else if (c === false) ir = ir.else;
        else throw rtError(`Unexpected type ${typeOf(c)}, expected boolean`, ir.loc);
        continue;
      }
      case K.Local:
        bindLocals(ir.binds, frame);
        ir = ir.body;
        continue;
      case K.Call: {
        if (!ir.tailstrict) return trimmable ? trimmedCall(ir, frame) : evalCall(ir, frame);
        const fn = evaluate(ir.fn, frame);
        const n = ir.args.length;
        const args: Slot[] = new Array(n);
        let named: [string, Slot][] | null = null;
        try {
          for (let i = 0; i < n; i++) {
            const a = slotOf(ir.args[i], frame, '');
            args[i] = a instanceof Thunk ? a.force() : a;
          }
          if (ir.named.length > 0) named = ir.named.map((a) => [a.name, force(slotOf(a.value, frame, ''))]);
        } catch (e) {
          // Forced by the call, after go-jsonnet trimmed a trimmable caller.
          pushSite(e, ir.loc);
          if (trimmable && e instanceof JsonnetError) e.skipCallSite = true;
          throw e;
        }
        pendingTail.fn = fn;
        pendingTail.args = args;
        pendingTail.named = named;
        pendingTail.loc = ir.loc;
        return TAIL_CALL;
      }
      default:
        return evaluate(ir, frame);
    }
  }
}

function bindFrame(fn: JFunction, args: Slot[], named: [string, Slot][] | null, loc: Loc | undefined): Frame {
  const params = fn.params;
  const env = fn.env as Frame;
  const slots: Slot[] = new Array(fn.frameSize);
  const frame = new Frame(slots, env, env.self, env.layer, env.dollar);
  for (let i = 0; i < args.length; i++) slots[i] = args[i];
  if (named !== null) {
    for (const [name, value] of named) {
      let idx = -1;
      for (let i = 0; i < params.length; i++) if (params[i].name === name) idx = i;
      if (idx < 0) throw rtError(`function has no parameter ${name}`, loc);
      if (slots[idx] !== undefined) throw rtError(`Argument ${name} already provided`, loc);
      slots[idx] = value;
    }
  }
  for (let i = args.length; i < params.length; i++) {
    if (slots[i] === undefined) {
      const d = params[i].defaultValue;
      if (d === undefined) throw rtError(`Missing argument: ${params[i].name}`, loc);
      // Defaults may refer to parameters bound after them: never read a slot eagerly here.
      slots[i] =
        d.k === K.Lit ? d.v : d.k === K.Fn ? slotOf(d, frame, '') : Thunk.of(d, frame, params[i].name);
    }
  }
  return frame;
}

/**
 * A call in tail position of a function called tailstrict: go-jsonnet evaluates the callee, then
 * drops the caller's frame, so what fails after that has no site of the caller's call.
 */
function trimmedCall(ir: CallIR, frame: Frame): Value {
  const fn = evaluate(ir.fn, frame);
  try {
    return evalCall(ir, frame, fn);
  } catch (e) {
    if (e instanceof JsonnetError) e.skipCallSite = true;
    throw e;
  }
}

function convertCallError(e: unknown, fn: JFunction, loc: Loc | undefined, outer?: Loc): unknown {
  if (e instanceof RangeError) return hostError(e, loc);
  if (!(e instanceof JsonnetError)) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof Error && e.name === 'StdError') return rtError(message, loc);
    return e;
  }
  nameFrame(e, `function <${fn.name || 'anonymous'}>`);
  if (e.skipCallSite) e.skipCallSite = false;
  else if (loc) pushSite(e, loc);
  if (outer) pushSite(e, outer);
  return e;
}

function bindNative(
  fn: JFunction,
  args: Slot[],
  named: [string, Slot][] | null,
  loc: Loc | undefined,
): (Slot | undefined)[] {
  const np = fn.nativeParams as { name: string }[];
  const out: (Slot | undefined)[] = new Array(np.length).fill(undefined);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (named) {
    for (const [name, value] of named) {
      const idx = np.findIndex((p) => p.name === name);
      if (idx < 0) throw rtError(`function has no parameter ${name}`, loc);
      if (out[idx] !== undefined) throw rtError(`Argument ${name} already provided`, loc);
      out[idx] = value;
    }
  }
  return out;
}

/** Checks an arithmetic result: Jsonnet has no NaN or infinity. */
export function checkNumber(n: number, loc: Loc | undefined): number {
  if (Number.isFinite(n)) return n;
  if (Number.isNaN(n)) throw rtError('Not a number', loc);
  throw rtError('Overflow', loc);
}

export function plus(a: Value, b: Value, loc: Loc | undefined): Value {
  if (typeof a === 'number' && typeof b === 'number') return checkNumber(a + b, loc);
  if (typeof a === 'string') return a + (typeof b === 'string' ? b : toStr(b));
  if (typeof b === 'string') return toStr(a) + b;
  if (a instanceof JArray && b instanceof JArray) return a.concat(b);
  if (a instanceof JObject && b instanceof JObject) return extendObject(a, b);
  // go-jsonnet's messages: the left operand decides what the right one must be.
  if (typeof a === 'number') throw rtError(`Unexpected type ${typeOf(b)}, expected number`, loc);
  if (a instanceof JObject) throw rtError(`Unexpected type ${typeOf(b)}, expected object`, loc);
  if (a instanceof JArray) throw rtError(`Unexpected type ${typeOf(b)}, expected array`, loc);
  throw rtError(`Unexpected type ${typeOf(a)}`, loc);
}

export function extendObject(a: JObject, b: JObject): JObject {
  return new JObject(a.layers.concat(b.layers), a.hasAsserts || b.hasAsserts);
}

const SAFE = Number.MAX_SAFE_INTEGER;

function toInt64(n: number, loc: Loc): bigint {
  if (n < -SAFE || n > SAFE)
    throw rtError(`Bitwise operator argument ${goFloat(n)} outside of range [${-SAFE}, ${SAFE}]`, loc);
  return BigInt(Math.trunc(n));
}

function binary(op: string, a: Value, b: Value, loc: Loc): Value {
  try {
    return binaryOp(op, a, b, loc);
  } catch (e) {
    // Operators that force values (string conversion, equality) report their own site too.
    pushCrossedSite(e, loc);
    throw e;
  }
}

/**
 * `a % b` other than a number's remainder: go-jsonnet desugars it into a call of std.mod without a
 * context, so its errors have std.mod's frames and then this one, unnamed.
 */
function percent(a: Value, b: Value, loc: Loc): Value {
  try {
    return stdMod(a, b);
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'runtime') e.trace.push({ loc, name: '', unnamed: true });
    throw e;
  }
}

/**
 * `l % r`: go-jsonnet's std.mod forces `r` after `l`, by std.isNumber (`l` a number) or std.format
 * (a string): an error in `r` has those frames, then this expression's.
 */
function percentOf(l: Value, ir: Extract<IR, { k: K.Bin }>, frame: Frame): Value {
  let r: Value;
  try {
    r = evaluate(ir.r, frame);
  } catch (e) {
    if (e instanceof JsonnetError && e.kind === 'runtime') {
      withStdFrames(e, modOperandFrames(l));
      e.trace.push({ loc: ir.loc, name: '', unnamed: true });
    }
    throw e;
  }
  return binary('%', l, r, ir.loc);
}

function binaryOp(op: string, a: Value, b: Value, loc: Loc): Value {
  switch (op) {
    case '+':
      return plus(a, b, loc);
    case '-':
      return checkNumber(num(a, loc) - num(b, loc), loc);
    case '*':
      return checkNumber(num(a, loc) * num(b, loc), loc);
    case '/': {
      const x = num(a, loc);
      const y = num(b, loc);
      if (y === 0) throw rtError('Division by zero.', loc);
      return checkNumber(x / y, loc);
    }
    case '%':
      if (typeof a === 'number' && typeof b === 'number' && b !== 0) return checkNumber(a % b, loc);
      return percent(a, b, loc);
    case '==':
      return equals(a, b, loc);
    case '!=':
      return !equals(a, b, loc);
    case '<':
      return compare(a, b, loc) < 0;
    case '<=':
      return compare(a, b, loc) <= 0;
    case '>':
      return compare(a, b, loc) > 0;
    case '>=':
      return compare(a, b, loc) >= 0;
    case 'in': {
      if (typeof a !== 'string') throw rtError(`Unexpected type ${typeOf(a)}, expected string`, loc);
      if (!(b instanceof JObject)) throw rtError(`Unexpected type ${typeOf(b)}, expected object`, loc);
      return b.has(a);
    }
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>': {
      const x = toInt64(num(a, loc), loc);
      const y = toInt64(num(b, loc), loc);
      let r: bigint;
      if (op === '&') r = x & y;
      else if (op === '|') r = x | y;
      else if (op === '^') r = x ^ y;
      else {
        if (y < 0n) throw rtError('Shift by negative exponent.', loc);
        const sh = y % 64n;
        r = op === '<<' ? BigInt.asIntN(64, x << sh) : x >> sh;
      }
      return Number(r);
    }
  }
  throw rtError(`unknown operator ${op}`, loc);
}

function num(v: Value, loc: Loc): number {
  if (typeof v !== 'number') throw rtError(`Unexpected type ${typeOf(v)}, expected number`, loc);
  return v;
}

function unary(op: string, v: Value, loc: Loc): Value {
  switch (op) {
    case '-':
      return -num(v, loc);
    case '+':
      return num(v, loc);
    case '!':
      if (typeof v !== 'boolean') throw rtError(`Unexpected type ${typeOf(v)}, expected boolean`, loc);
      return !v;
    case '~':
      return Number(BigInt.asIntN(64, ~toInt64(num(v, loc), loc)));
  }
  throw rtError(`unknown operator ${op}`, loc);
}

export function equals(a: Value, b: Value, loc?: Loc): boolean {
  if (a === b) return !(a instanceof JFunction) || rtFunctionEq(loc);
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  if (a instanceof JArray) {
    const bb = b as JArray;
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!equals(a.get(i), bb.get(i), loc)) return false;
    return true;
  }
  if (a instanceof JObject) {
    const bo = b as JObject;
    const fa = visibleFields(a);
    const fb = visibleFields(bo);
    if (fa.length !== fb.length) return false;
    for (let i = 0; i < fa.length; i++) if (fa[i] !== fb[i]) return false;
    for (const f of fa) if (!equals(getField(a, f, loc), getField(bo, f, loc), loc)) return false;
    return true;
  }
  if (a instanceof JFunction) return rtFunctionEq(loc);
  return false;
}

function rtFunctionEq(loc: Loc | undefined): never {
  throw rtError('Cannot test equality of functions', loc);
}

export function compare(a: Value, b: Value, loc?: Loc): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (a instanceof JArray && b instanceof JArray) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compare(a.get(i), b.get(i), loc);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  // go-jsonnet's messages: the left operand decides what the right one must be.
  if (typeof a === 'number') throw rtError(`Unexpected type ${typeOf(b)}, expected number`, loc);
  if (typeof a === 'string') throw rtError(`Unexpected type ${typeOf(b)}, expected string`, loc);
  if (a instanceof JArray) throw rtError(`Unexpected type ${typeOf(b)}, expected array`, loc);
  throw rtError(`Unexpected type ${typeOf(a)}`, loc);
}

/** Visible field names in code-point order. */
/** Visible field names in code-point order (a shared array: do not modify). */
export function visibleFields(obj: JObject): string[] {
  return obj.sortedVisibleFields();
}

export function allFields(obj: JObject): string[] {
  return sortCodePoints([...obj.fieldVisibility().keys()]);
}

/** String conversion as `'' + v` does it. */
export function toStr(v: Value): string {
  if (typeof v === 'string') return v;
  return manifestSingleLine(v);
}
