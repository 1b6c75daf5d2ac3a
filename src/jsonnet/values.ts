// Runtime values of the evaluator: JS null/boolean/number/string for primitives, and small
// classes for arrays (shared growable buffers so repeated `+` is amortised O(1)), objects
// (a stack of layers with per-self field caches) and functions. Lazy values are Thunks.
import type { Loc, Visibility } from './ast.js';
import type { FieldIR, FnParam, IR, ObjCompIR, ObjIR } from './ir.js';
import { heapTick, hostError, rt, rtError } from './runtime.js';
import { sortCodePoints } from './std-pure/json.js';

export type Value = null | boolean | number | string | JArray | JObject | JFunction;
/** A value or a not-yet-evaluated one. */
export type Slot = Value | Thunk;

/** Evaluation frame: slots for the variables of one function call, object instance or comprehension step. */
export class Frame {
  constructor(
    public readonly s: Slot[],
    public readonly p: Frame | null,
    public readonly self: JObject | null,
    /** Index of the object layer whose fields run in this frame (for `super`). */
    public readonly layer: number,
    public readonly dollar: JObject | null,
  ) {}
}

/** Hooks the values need from the evaluator (set once by evaluator.ts, avoids an import cycle). */
export const hooks = {
  evaluate: null as unknown as (ir: IR, frame: Frame) => Value,
  nameFrame: null as unknown as (e: unknown, name: string) => void,
};

export class Thunk {
  private done = false;
  private value: Value = null;
  constructor(
    private ir: IR | null,
    private frame: Frame | null,
    private fn: (() => Value) | null,
    public readonly name: string,
  ) {}

  static of(ir: IR, frame: Frame, name = ''): Thunk {
    return new Thunk(ir, frame, null, name);
  }

  static lazy(fn: () => Value, name = ''): Thunk {
    return new Thunk(null, null, fn, name);
  }

  /** The expression it evaluates, while its value is not known (read only for an error's trace). */
  get site(): Loc | undefined {
    return this.ir?.loc;
  }

  /** Whether forcing it can still fail (its value is not known yet). */
  get pending(): boolean {
    return !this.done;
  }

  force(): Value {
    if (this.done) return this.value;
    let v: Value;
    // Thunks count against the stack limit like the reference's frames, so runaway lazy recursion
    // ends in "max stack frames exceeded" with a trace rather than exhausting the JS stack.
    heapTick(this.ir?.loc);
    if (++rt.depth > rt.maxStack) {
      rt.depth--;
      // As go-jsonnet: the call that would pass the limit is not made, so the error is placed where
      // the thunk was forced (the caller adds that site), not in the thunk's body.
      const err = rtError('max stack frames exceeded.');
      if (this.name !== '') hooks.nameFrame(err, `thunk <${this.name}>`);
      throw err;
    }
    try {
      if (this.ir !== null) {
        v = hooks.evaluate(this.ir, this.frame as Frame);
      } else {
        v = (this.fn as () => Value)();
      }
    } catch (e) {
      const err = hostError(e, this.ir?.loc);
      if (this.name !== '') hooks.nameFrame(err, `thunk <${this.name}>`);
      throw err;
    } finally {
      rt.depth--;
    }
    this.value = v;
    this.done = true;
    this.ir = null;
    this.frame = null;
    this.fn = null;
    return v;
  }
}

export function force(s: Slot): Value {
  return s instanceof Thunk ? s.force() : s;
}

/**
 * An array: the first `length` slots of `buf`. `a + b` appends into `a.buf` in place when nobody has
 * appended past `a` yet, so left-fold concatenation is amortised linear.
 *
 * An array made by `JArray.lazy` (std.makeArray, std.map, std.mapWithIndex) makes the thunk of an
 * element when the element is first read: indexing one element of `std.makeArray(100000, f)` costs
 * one thunk, not 100,000. Anything that needs the whole buffer (`slots()`, `+`) makes the rest first.
 */
export class JArray {
  /** Set once `slots()` handed out the buffer: it may then no longer grow in place. */
  private exposed = false;
  /** Makes slot `i` of a lazy array (null once every slot is made, or for an ordinary array). */
  private make: ((i: number) => Slot) | null = null;
  /** How many slots of a lazy array are made. */
  private made = 0;
  constructor(
    private buf: Slot[],
    public readonly length: number = buf.length,
  ) {}

  static of(values: Slot[]): JArray {
    return new JArray(values, values.length);
  }

  /** An array of `length` elements whose slot `i` is `make(i)`, made when first read. */
  static lazy(length: number, make: (i: number) => Slot): JArray {
    const a = new JArray(new Array<Slot>(length), length);
    if (length > 0) a.make = make;
    return a;
  }

  get(i: number): Value {
    const s = this.make === null ? this.buf[i] : this.lazySlot(i);
    return s instanceof Thunk ? s.force() : s;
  }

  slot(i: number): Slot {
    return this.make === null ? this.buf[i] : this.lazySlot(i);
  }

  private lazySlot(i: number): Slot {
    let s = this.buf[i];
    if (s === undefined) {
      s = (this.make as (i: number) => Slot)(i);
      this.buf[i] = s;
      if (++this.made === this.length) this.make = null;
    }
    return s;
  }

  /** Makes every slot of a lazy array not made yet. */
  private makeAll(): void {
    for (let i = 0; this.make !== null && i < this.length; i++) this.lazySlot(i);
  }

  /** The slots as a plain array (copied only when the buffer is shared with a longer array). */
  slots(): Slot[] {
    if (this.make !== null) this.makeAll();
    if (this.buf.length !== this.length) {
      this.buf = this.buf.slice(0, this.length);
    }
    this.exposed = true;
    return this.buf;
  }

  concat(other: JArray): JArray {
    heapTick(undefined, other.length);
    if (other.length === 0) return this;
    if (this.length === 0) return other;
    if (this.make !== null) this.makeAll();
    if (other.make !== null) other.makeAll();
    if (!this.exposed && this.buf.length === this.length && this.length >= 16) {
      const buf = this.buf;
      const ob = other.buf;
      for (let i = 0; i < other.length; i++) buf.push(ob[i]);
      return new JArray(buf, buf.length);
    }
    const out = this.buf.slice(0, this.length);
    const ob = other.buf;
    for (let i = 0; i < other.length; i++) out.push(ob[i]);
    return new JArray(out, out.length);
  }
}

export interface NativeParam {
  name: string;
  /** Whether the parameter may be omitted (the builtin receives `undefined`). */
  optional?: boolean;
}

export type NativeImpl = (args: (Slot | undefined)[]) => Value;

export class JFunction {
  constructor(
    /** Parameters of a Jsonnet function. */
    public readonly params: FnParam[],
    public readonly body: IR | null,
    public readonly env: Frame | null,
    public readonly frameSize: number,
    public readonly name: string,
    /** For builtins: implementation and parameter list. */
    public readonly native: NativeImpl | null = null,
    public readonly nativeParams: NativeParam[] | null = null,
  ) {}

  static builtin(name: string, params: (string | NativeParam)[], impl: NativeImpl): JFunction {
    const np = params.map((p) => (typeof p === 'string' ? { name: p } : p));
    return new JFunction(
      np.map((p) => ({ name: p.name, defaultValue: undefined })),
      null,
      null,
      np.length,
      name,
      impl,
      np,
    );
  }

  /** The parameters without a default, which std.length of a function counts (as go-jsonnet's). */
  get requiredParams(): number {
    let n = 0;
    if (this.nativeParams) {
      for (const p of this.nativeParams) if (!p.optional) n++;
    } else {
      for (const p of this.params) if (p.defaultValue === undefined) n++;
    }
    return n;
  }
}

/** One `{...}` in an inheritance chain. */
export type Layer = IrLayer | CompLayer | ValueLayer | RemovalLayer;

export class IrLayer {
  readonly kind = 0;
  constructor(
    public readonly ir: ObjIR,
    public readonly fields: Map<string, FieldIR>,
    public readonly env: Frame,
  ) {}
}

export class CompLayer {
  readonly kind = 1;
  constructor(
    public readonly ir: ObjCompIR,
    /** Field name → the comprehension frame it was produced in. */
    public readonly fields: Map<string, Frame>,
    public readonly env: Frame,
  ) {}
}

export interface ValueField {
  vis: Visibility;
  slot: Slot;
}

export class ValueLayer {
  readonly kind = 2;
  constructor(
    public readonly fields: Map<string, ValueField>,
    /** the object these fields were copied from (std.prune): where each is written is asked of it */
    public readonly from?: JObject,
  ) {}
}

/**
 * `std.objectRemoveKey`: hides one field of the `depth` layers directly below it (the layers of the
 * object it was given), keeping them (and super). Layers added later with `+` — on either side —
 * are not affected: `{ a: 1 } + std.objectRemoveKey(o, 'a')` still has `a`.
 */
export class RemovalLayer {
  readonly kind = 3;
  readonly fields: Map<string, true>;
  constructor(
    readonly name: string,
    readonly depth: number,
  ) {
    this.fields = new Map([[name, true]]);
  }
}

export class JObject {
  /** Values of `self.f` for this object. */
  cache: Map<string, Value> | undefined = undefined;
  /** Values of fields looked up below the top layer (`super.f`), keyed by layer then name. */
  superCache: Map<string, Value>[] | undefined;
  /** Per-layer frames holding the object locals, bound to this object as `self`. */
  frames: (Frame | undefined)[] | undefined;
  /** 0: not checked, 1: running, 2: passed. */
  assertState = 0;
  private visibility: Map<string, boolean> | undefined;
  private sortedVisible: string[] | undefined;
  readonly hasAsserts: boolean;

  /** `hasAsserts`: whether a layer has assertions, when the caller knows (`a + b` does: a's or b's). */
  constructor(
    public readonly layers: Layer[],
    hasAsserts?: boolean,
  ) {
    let asserts = hasAsserts ?? false;
    if (hasAsserts === undefined)
      for (const l of layers) if (l.kind === 0 && l.ir.asserts.length > 0) asserts = true;
    this.hasAsserts = asserts;
    if (!asserts) this.assertState = 2;
  }

  /**
   * Whether the field `name` is visible (undefined: there is no such field), from the layers that
   * define it rather than the visibility of every field: the topmost `::` or `:::` decides, and a
   * field with neither is visible.
   */
  fieldVisible(name: string): boolean | undefined {
    if (this.visibility !== undefined) return this.visibility.get(name);
    let found = false;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (layer.kind === 3) return this.fieldVisibility().get(name); // removals hide layers below
      if (!layer.fields.has(name)) continue;
      const vis = layer.kind === 1 ? ':' : (layer.fields.get(name) as { vis: Visibility }).vis;
      if (vis === '::') return false;
      if (vis === ':::') return true;
      found = true;
    }
    return found ? true : undefined;
  }

  /** Field name → visible? for every field (hidden ones included). */
  fieldVisibility(): Map<string, boolean> {
    if (this.visibility) return this.visibility;
    // Objects made of the same object literals with static field names (one literal, or a chain
    // like `panel.new() + panel.withX()`) share one visibility map.
    const statics = staticFieldMaps(this.layers);
    const top = statics === undefined ? undefined : (this.layers[this.layers.length - 1] as IrLayer).ir;
    if (top !== undefined) {
      const shared = sharedVisibilityOf(top, statics as Map<string, FieldIR>[]);
      if (shared) return (this.visibility = shared);
    }
    const out = new Map<string, boolean>();
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i];
      if (layer.kind === 0) {
        for (const [name, f] of layer.fields) setVis(out, name, f.vis);
      } else if (layer.kind === 1) {
        for (const name of layer.fields.keys()) setVis(out, name, ':');
      } else if (layer.kind === 3) {
        // The field disappears from the hidden layers; what the layers below them say still holds.
        out.delete(layer.name);
        const below = this.findLayer(layer.name, i);
        if (below >= 0) setVis(out, layer.name, layerVisibility(this.layers[below], layer.name));
      } else {
        for (const [name, f] of layer.fields) setVis(out, name, f.vis);
      }
    }
    this.visibility = out;
    if (top !== undefined) shareVisibility(top, statics as Map<string, FieldIR>[], out);
    return out;
  }

  /** Visible field names in code-point order (cached; shared like the visibility map). */
  sortedVisibleFields(): string[] {
    if (this.sortedVisible) return this.sortedVisible;
    const vis = this.fieldVisibility();
    const shared = sharedSorted.get(vis);
    if (shared) return (this.sortedVisible = shared);
    const out: string[] = [];
    for (const [name, v] of vis) if (v) out.push(name);
    sortCodePoints(out);
    sharedSorted.set(vis, out);
    this.sortedVisible = out;
    return out;
  }

  /** Index of the topmost layer at or below `from` defining `name`, or -1. */
  findLayer(name: string, from: number): number {
    for (let j = from; j >= 0; j--) {
      const layer = this.layers[j];
      if (!layer.fields.has(name)) continue;
      if (layer.kind !== 3) return j;
      j -= layer.depth; // skip the layers the removal hides
    }
    return -1;
  }

  has(name: string): boolean {
    return this.findLayer(name, this.layers.length - 1) >= 0;
  }
}

/** Chains of static layers remembered per top literal (a few: most literals top one or two). */
const CHAINS_PER_TOP = 8;

/** The layers' field maps when every layer is an object literal with static field names. */
function staticFieldMaps(layers: Layer[]): Map<string, FieldIR>[] | undefined {
  if (layers.length === 0) return undefined;
  const maps: Map<string, FieldIR>[] = new Array(layers.length);
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    if (layer.kind !== 0 || layer.fields !== layer.ir.staticFields) return undefined;
    maps[i] = layer.fields;
  }
  return maps;
}

function sharedVisibilityOf(top: ObjIR, maps: Map<string, FieldIR>[]): Map<string, boolean> | undefined {
  const chains = top.chains;
  if (chains === undefined) return undefined;
  search: for (let c = 0; c < chains.length; c++) {
    const chain = chains[c];
    if (chain.maps.length !== maps.length) continue;
    for (let i = 0; i < maps.length; i++) if (chain.maps[i] !== maps[i]) continue search;
    return chain.vis;
  }
  return undefined;
}

function shareVisibility(top: ObjIR, maps: Map<string, FieldIR>[], vis: Map<string, boolean>): void {
  if (top.chains === undefined) top.chains = [{ maps, vis }];
  else if (top.chains.length < CHAINS_PER_TOP) top.chains.push({ maps, vis });
}

const sharedSorted = new WeakMap<Map<string, boolean>, string[]>();

function setVis(out: Map<string, boolean>, name: string, vis: Visibility): void {
  if (vis === '::') out.set(name, false);
  else if (vis === ':::') out.set(name, true);
  else if (!out.has(name)) out.set(name, true);
}

function layerVisibility(layer: Layer, name: string): Visibility {
  if (layer.kind === 0 || layer.kind === 2) return layer.fields.get(name)!.vis;
  return ':';
}

/** Builds a plain object (one value layer) from visible fields, of `from`'s when copied from it. */
export function makeObject(fields: Map<string, Slot> | [string, Slot][], from?: JObject): JObject {
  const m = new Map<string, ValueField>();
  for (const [k, v] of fields) m.set(k, { vis: ':', slot: v });
  return new JObject([new ValueLayer(m, from)]);
}

export function typeOf(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
  }
  if (v instanceof JArray) return 'array';
  if (v instanceof JObject) return 'object';
  return 'function';
}

/** Compares strings by Unicode code point (JS `<` compares UTF-16 code units). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      return fixup(x) - fixup(y);
    }
  }
  return a.length - b.length;
}

function fixup(c: number): number {
  if (c >= 0xd800) {
    if (c < 0xe000) return c + 0x2000;
    return c - 0x800;
  }
  return c;
}
