// The core representation the evaluator runs: desugared, every variable resolved to a
// (frame depth, slot) pair, constants folded. Produced by static.ts from the AST.
import type { BinaryOp, Loc, UnaryOp, Visibility } from './ast.js';
import type { JArray } from './values.js';

export const enum K {
  Lit,
  Var,
  Self,
  Dollar,
  Std,
  Arr,
  ArrComp,
  Obj,
  ObjComp,
  Index,
  SuperIndex,
  InSuper,
  Slice,
  Call,
  Bin,
  And,
  Or,
  Un,
  If,
  Fn,
  Local,
  Error,
  Assert,
  Import,
}

export type Lit = null | boolean | number | string;

export interface FieldIR {
  /** Static name, or undefined when `key` must be evaluated. */
  name: string | undefined;
  key: IR | undefined;
  vis: Visibility;
  plus: boolean;
  body: IR;
  loc: Loc;
}

export interface AssertIR {
  cond: IR;
  message: IR | undefined;
  loc: Loc;
}

export interface LocalIR {
  slot: number;
  name: string;
  body: IR;
}

export interface ForLevel {
  /** Evaluated in the frame of the previous level (or the enclosing frame for the first). */
  expr: IR;
  /** Conditions evaluated in this level's frame after binding the variable (slot 0). */
  conds: IR[];
  frameSize: number;
  name: string;
  loc: Loc;
}

export interface FnParam {
  name: string;
  defaultValue: IR | undefined;
}

export type IR =
  | { k: K.Lit; v: Lit; loc: Loc }
  | { k: K.Var; depth: number; slot: number; name: string; loc: Loc }
  | { k: K.Self; loc: Loc }
  | { k: K.Dollar; loc: Loc }
  | { k: K.Std; loc: Loc }
  /**
   * `konst`: the array's value once evaluated, when every element is a literal. Arrays are
   * immutable values, so every evaluation shares it (set by the evaluator, never encoded).
   */
  | { k: K.Arr; elems: IR[]; loc: Loc; konst?: JArray }
  | { k: K.ArrComp; levels: ForLevel[]; body: IR; loc: Loc }
  | ObjIR
  | ObjCompIR
  | { k: K.Index; target: IR; index: IR; loc: Loc }
  | { k: K.SuperIndex; index: IR; loc: Loc }
  | { k: K.InSuper; index: IR; loc: Loc }
  | { k: K.Slice; target: IR; from: IR | undefined; to: IR | undefined; step: IR | undefined; loc: Loc }
  | CallIR
  | { k: K.Bin; op: BinaryOp; l: IR; r: IR; loc: Loc }
  | { k: K.And; l: IR; r: IR; loc: Loc }
  | { k: K.Or; l: IR; r: IR; loc: Loc }
  | { k: K.Un; op: UnaryOp; e: IR; loc: Loc }
  | { k: K.If; cond: IR; then: IR; else: IR; loc: Loc }
  | FnIR
  | { k: K.Local; binds: LocalIR[]; body: IR; loc: Loc }
  | { k: K.Error; e: IR; loc: Loc }
  | { k: K.Assert; cond: IR; message: IR | undefined; rest: IR; loc: Loc }
  | { k: K.Import; kind: 'import' | 'importstr' | 'importbin'; path: string; loc: Loc };

export interface CallIR {
  k: K.Call;
  fn: IR;
  args: IR[];
  named: { name: string; value: IR }[];
  tailstrict: boolean;
  loc: Loc;
}

export interface FnIR {
  k: K.Fn;
  params: FnParam[];
  body: IR;
  frameSize: number;
  /** The name it is bound to, for traces. */
  name: string;
  loc: Loc;
}

export interface ObjIR {
  k: K.Obj;
  fields: FieldIR[];
  /** Fields whose names are all static, keyed by name (built once). */
  staticFields: Map<string, FieldIR> | undefined;
  locals: LocalIR[];
  asserts: AssertIR[];
  frameSize: number;
  /** True when lexically inside another object (so `$` is inherited). */
  nested: boolean;
  name: string;
  loc: Loc;
  /**
   * Filled while evaluating (values.ts): the visibility maps of objects made of static-field
   * literals with this one on top, by their layers' field maps (bottom first).
   */
  chains: { maps: Map<string, FieldIR>[]; vis: Map<string, boolean> }[] | undefined;
}

export interface ObjCompIR {
  k: K.ObjComp;
  levels: ForLevel[];
  /** Evaluated in the innermost level frame. */
  key: IR;
  /** Evaluated in the object frame (slots: locals first), whose parent is the innermost level frame. */
  body: IR;
  /** `[k]+: body`: each field is added to the same field of the object below, as in a plain object. */
  plus: boolean;
  locals: LocalIR[];
  frameSize: number;
  nested: boolean;
  loc: Loc;
}
