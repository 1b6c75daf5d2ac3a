// A compact binary encoding of compiled programs (ir.ts) for the on-disk compile cache, decoded
// lazily: an object field's body is stored behind its byte length and decoded the first time the
// evaluator reads it, so a run that touches a few fields of a 2 MB library decodes only those.
// A location of the compiled file is stored as its two offsets (span-loc.ts): its line and column
// are worked out from the file's text, which the cache has at hand, only when read.
import type { BinaryOp, Loc, Pos, UnaryOp, Visibility } from './ast.js';
import {
  K,
  type AssertIR,
  type FieldIR,
  type FnParam,
  type ForLevel,
  type IR,
  type Lit,
  type LocalIR,
  type ObjIR,
} from './ir.js';
import { SourceLines, SpanLoc } from './span-loc.js';
import type { CompiledProgram } from './static.js';

/** Marks an absent optional IR where a node kind is expected. */
const NONE = 255;
const VIS: Visibility[] = [':', '::', ':::'];
const IMPORT_KINDS = ['import', 'importstr', 'importbin'] as const;

/** An encoded program: its strings, in first-use order, and the node bytes that index them. */
export interface EncodedProgram {
  strings: string[];
  code: Uint8Array;
}

/**
 * The writers' buffer, kept from one encoding to the next (encodeProgram returns a copy of what it
 * wrote): a cold run encodes hundreds of files, and a fresh zeroed 64 KiB each time was ~20 ms.
 */
let scratch = new Uint8Array(1 << 16);
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

class Writer {
  buf = scratch;
  len = 0;
  /** The compiled file's line table: its locations are written as offsets. */
  lines: SourceLines | undefined = undefined;
  private readonly ids = new Map<string, number>();
  readonly strings: string[] = [];
  private lastString: string | undefined = undefined;
  private lastId = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    scratch = next;
  }

  u8(v: number): void {
    this.room(1);
    this.buf[this.len++] = v;
  }

  uint(v: number): void {
    this.room(5);
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }

  num(v: number): void {
    this.room(8);
    f64[0] = v;
    this.buf.set(f64Bytes, this.len);
    this.len += 8;
  }

  str(s: string): void {
    // Every location names the file: the last string is looked up without the map.
    if (s === this.lastString) {
      this.uint(this.lastId);
      return;
    }
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    this.lastString = s;
    this.lastId = id;
    this.uint(id);
  }

  /** Reserves 4 bytes for a length written by `endSized`. */
  beginSized(): number {
    this.room(4);
    this.len += 4;
    return this.len;
  }

  endSized(start: number): void {
    const n = this.len - start;
    const at = start - 4;
    this.buf[at] = n & 0xff;
    this.buf[at + 1] = (n >>> 8) & 0xff;
    this.buf[at + 2] = (n >>> 16) & 0xff;
    this.buf[at + 3] = (n >>> 24) & 0xff;
  }
}

export function encodeProgram(program: CompiledProgram): EncodedProgram {
  const w = new Writer();
  w.uint(program.frameSize);
  // The file of the top node's location, when parsed: decodeProgram rebuilds its line table.
  const top = program.ir.loc;
  w.lines = top instanceof SpanLoc || top instanceof EncodedLoc ? top.lines : undefined;
  if (w.lines !== undefined) {
    w.u8(1);
    w.str(w.lines.file);
  } else w.u8(0);
  writeIR(w, program.ir);
  const code = w.buf.slice(0, w.len);
  // A buffer grown for a very large file is not kept for the life of the process.
  if (scratch.length > 1 << 22) scratch = new Uint8Array(1 << 16);
  return { strings: w.strings, code };
}

function writeLoc(w: Writer, loc: Loc): void {
  // Offsets, as 2 × start (an even number) and length; any other location (odd 1) in full.
  // (A decoded location in that form is written so again: a decoded program encodes to the same bytes.)
  if (
    (loc instanceof SpanLoc || loc instanceof EncodedLoc) &&
    loc.lines !== undefined &&
    loc.lines === w.lines &&
    loc.to >= loc.from
  ) {
    w.uint(loc.from * 2);
    w.uint(loc.to - loc.from);
    return;
  }
  w.u8(1);
  // Read once each: a parsed location works its positions out when read (span-loc.ts).
  const { file, start, end } = loc;
  w.str(file);
  w.uint(start.line);
  w.uint(start.column);
  w.uint(start.offset);
  w.uint(end.line);
  w.uint(end.column);
  w.uint(end.offset);
}

function writeOpt(w: Writer, ir: IR | undefined): void {
  if (ir === undefined) w.u8(NONE);
  else writeIR(w, ir);
}

function writeLocals(w: Writer, locals: LocalIR[]): void {
  w.uint(locals.length);
  for (const b of locals) {
    w.uint(b.slot);
    w.str(b.name);
    writeIR(w, b.body);
  }
}

function writeLevels(w: Writer, levels: ForLevel[]): void {
  w.uint(levels.length);
  for (const l of levels) {
    writeIR(w, l.expr);
    w.uint(l.conds.length);
    for (const c of l.conds) writeIR(w, c);
    w.uint(l.frameSize);
    w.str(l.name);
    writeLoc(w, l.loc);
  }
}

/**
 * One node. The kinds with lists (objects, calls, functions) are written by functions of their own:
 * V8 optimises a small function sooner and for less, and in a cold run that is most of the cost
 * (encoding Tempo's 83 files in a fresh process: 705 → 420 M instructions).
 */
function writeIR(w: Writer, ir: IR): void {
  w.u8(ir.k);
  switch (ir.k) {
    case K.Lit: {
      const v = ir.v;
      if (v === null) w.u8(0);
      else if (v === false) w.u8(1);
      else if (v === true) w.u8(2);
      else if (typeof v === 'number') {
        w.u8(3);
        w.num(v);
      } else {
        w.u8(4);
        w.str(v);
      }
      break;
    }
    case K.Var:
      w.uint(ir.depth);
      w.uint(ir.slot);
      w.str(ir.name);
      break;
    case K.Self:
    case K.Dollar:
    case K.Std:
      break;
    case K.Arr:
      w.uint(ir.elems.length);
      for (const e of ir.elems) writeIR(w, e);
      break;
    case K.ArrComp:
      writeLevels(w, ir.levels);
      writeIR(w, ir.body);
      break;
    case K.Obj:
      writeObj(w, ir);
      break;
    case K.ObjComp:
      writeObjComp(w, ir);
      break;
    case K.Index:
      writeIR(w, ir.target);
      writeIR(w, ir.index);
      break;
    case K.SuperIndex:
    case K.InSuper:
      writeIR(w, ir.index);
      break;
    case K.Slice:
      writeIR(w, ir.target);
      writeOpt(w, ir.from);
      writeOpt(w, ir.to);
      writeOpt(w, ir.step);
      break;
    case K.Call:
      writeCall(w, ir);
      break;
    case K.Bin:
      w.str(ir.op);
      writeIR(w, ir.l);
      writeIR(w, ir.r);
      break;
    case K.And:
    case K.Or:
      writeIR(w, ir.l);
      writeIR(w, ir.r);
      break;
    case K.Un:
      w.str(ir.op);
      writeIR(w, ir.e);
      break;
    case K.If:
      writeIR(w, ir.cond);
      writeIR(w, ir.then);
      writeIR(w, ir.else);
      break;
    case K.Fn:
      writeFn(w, ir);
      break;
    case K.Local:
      writeLocals(w, ir.binds);
      writeIR(w, ir.body);
      break;
    case K.Error:
      writeIR(w, ir.e);
      break;
    case K.Assert:
      writeIR(w, ir.cond);
      writeOpt(w, ir.message);
      writeIR(w, ir.rest);
      break;
    case K.Import:
      w.u8(IMPORT_KINDS.indexOf(ir.kind));
      w.str(ir.path);
      break;
  }
  writeLoc(w, ir.loc);
}

function writeObj(w: Writer, ir: ObjIR): void {
  w.uint(ir.fields.length);
  for (const f of ir.fields) {
    if (f.name === undefined) w.u8(0);
    else {
      w.u8(1);
      w.str(f.name);
    }
    writeOpt(w, f.key);
    w.u8(VIS.indexOf(f.vis));
    w.u8(f.plus ? 1 : 0);
    writeLoc(w, f.loc);
    const start = w.beginSized();
    writeIR(w, f.body);
    w.endSized(start);
  }
  w.u8(ir.staticFields ? 1 : 0);
  writeLocals(w, ir.locals);
  w.uint(ir.asserts.length);
  for (const a of ir.asserts) {
    writeIR(w, a.cond);
    writeOpt(w, a.message);
    writeLoc(w, a.loc);
  }
  w.uint(ir.frameSize);
  w.u8(ir.nested ? 1 : 0);
  w.str(ir.name);
}

function writeObjComp(w: Writer, ir: Extract<IR, { k: K.ObjComp }>): void {
  writeLevels(w, ir.levels);
  writeIR(w, ir.key);
  writeIR(w, ir.body);
  w.u8(ir.plus ? 1 : 0);
  writeLocals(w, ir.locals);
  w.uint(ir.frameSize);
  w.u8(ir.nested ? 1 : 0);
}

function writeCall(w: Writer, ir: Extract<IR, { k: K.Call }>): void {
  writeIR(w, ir.fn);
  w.uint(ir.args.length);
  for (const a of ir.args) writeIR(w, a);
  w.uint(ir.named.length);
  for (const n of ir.named) {
    w.str(n.name);
    writeIR(w, n.value);
  }
  w.u8(ir.tailstrict ? 1 : 0);
}

function writeFn(w: Writer, ir: Extract<IR, { k: K.Fn }>): void {
  w.uint(ir.params.length);
  for (const p of ir.params) {
    w.str(p.name);
    writeOpt(w, p.defaultValue);
  }
  writeIR(w, ir.body);
  w.uint(ir.frameSize);
  w.str(ir.name);
}

/** The encoded bytes and strings a lazily decoded part reads from. */
interface Source {
  code: Uint8Array;
  strings: string[];
  /** The line table of the compiled file, which locations stored as offsets point into. */
  lines?: SourceLines;
}

/** A field whose body is decoded on first read (its other parts are decoded with the object). */
class LazyField implements FieldIR {
  private decoded: IR | undefined = undefined;
  constructor(
    readonly name: string | undefined,
    readonly key: IR | undefined,
    readonly vis: Visibility,
    readonly plus: boolean,
    readonly loc: Loc,
    private readonly source: Source,
    private readonly at: number,
  ) {}

  get body(): IR {
    if (this.decoded === undefined) this.decoded = new Reader(this.source, this.at).ir();
    return this.decoded;
  }
}

class Reader {
  private readonly code: Uint8Array;
  private readonly strings: string[];
  private readonly view: DataView;

  constructor(
    private readonly source: Source,
    private pos: number,
  ) {
    this.code = source.code;
    this.strings = source.strings;
    this.view = new DataView(this.code.buffer, this.code.byteOffset, this.code.byteLength);
  }

  u8(): number {
    return this.code[this.pos++];
  }

  uint(): number {
    let b = this.code[this.pos++];
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let shift = 7;
    do {
      b = this.code[this.pos++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b >= 0x80);
    return v;
  }

  str(): string {
    return this.strings[this.uint()];
  }

  private num(): number {
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  private sized(): number {
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  /** A location, read when first asked for: here only its numbers (2, or 8 in full) are stepped over. */
  private loc(): Loc {
    const at = this.pos;
    // (A varint's first byte holds its lowest bits: the form's mark.)
    const count = (this.code[at] & 1) === 0 ? 2 : 8;
    for (let n = 0; n < count; n++) while (this.code[this.pos++] >= 0x80);
    return new EncodedLoc(this.source, at);
  }

  private opt(): IR | undefined {
    if (this.code[this.pos] === NONE) {
      this.pos++;
      return undefined;
    }
    return this.ir();
  }

  private locals(): LocalIR[] {
    const n = this.uint();
    const out: LocalIR[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const slot = this.uint();
      const name = this.str();
      out[i] = { slot, name, body: this.ir() };
    }
    return out;
  }

  private levels(): ForLevel[] {
    const n = this.uint();
    const out: ForLevel[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const expr = this.ir();
      const conds: IR[] = new Array(this.uint());
      for (let c = 0; c < conds.length; c++) conds[c] = this.ir();
      const frameSize = this.uint();
      const name = this.str();
      out[i] = { expr, conds, frameSize, name, loc: this.loc() };
    }
    return out;
  }

  private irs(): IR[] {
    const out: IR[] = new Array(this.uint());
    for (let i = 0; i < out.length; i++) out[i] = this.ir();
    return out;
  }

  ir(): IR {
    const k = this.u8() as K;
    switch (k) {
      case K.Lit: {
        const tag = this.u8();
        const v: Lit =
          tag === 0 ? null : tag === 1 ? false : tag === 2 ? true : tag === 3 ? this.num() : this.str();
        return { k, v, loc: this.loc() };
      }
      case K.Var: {
        const depth = this.uint();
        const slot = this.uint();
        const name = this.str();
        return { k, depth, slot, name, loc: this.loc() };
      }
      case K.Self:
      case K.Dollar:
      case K.Std:
        return { k, loc: this.loc() } as IR;
      case K.Arr: {
        const elems = this.irs();
        return { k, elems, loc: this.loc(), konst: undefined };
      }
      case K.ArrComp: {
        const levels = this.levels();
        const body = this.ir();
        return { k, levels, body, loc: this.loc() };
      }
      case K.Obj:
        return this.obj();
      case K.ObjComp: {
        const levels = this.levels();
        const key = this.ir();
        const body = this.ir();
        const plus = this.u8() === 1;
        const locals = this.locals();
        const frameSize = this.uint();
        const nested = this.u8() === 1;
        return { k, levels, key, body, plus, locals, frameSize, nested, loc: this.loc() };
      }
      case K.Index: {
        const target = this.ir();
        const index = this.ir();
        return { k, target, index, loc: this.loc() };
      }
      case K.SuperIndex:
      case K.InSuper: {
        const index = this.ir();
        return { k, index, loc: this.loc() } as IR;
      }
      case K.Slice: {
        const target = this.ir();
        const from = this.opt();
        const to = this.opt();
        const step = this.opt();
        return { k, target, from, to, step, loc: this.loc() };
      }
      case K.Call: {
        const fn = this.ir();
        const args = this.irs();
        const named: { name: string; value: IR }[] = new Array(this.uint());
        for (let i = 0; i < named.length; i++) {
          const name = this.str();
          named[i] = { name, value: this.ir() };
        }
        const tailstrict = this.u8() === 1;
        return { k, fn, args, named, tailstrict, loc: this.loc() };
      }
      case K.Bin: {
        const op = this.str() as BinaryOp;
        const l = this.ir();
        const r = this.ir();
        return { k, op, l, r, loc: this.loc() };
      }
      case K.And:
      case K.Or: {
        const l = this.ir();
        const r = this.ir();
        return { k, l, r, loc: this.loc() } as IR;
      }
      case K.Un: {
        const op = this.str() as UnaryOp;
        const e = this.ir();
        return { k, op, e, loc: this.loc() };
      }
      case K.If: {
        const cond = this.ir();
        const then = this.ir();
        const otherwise = this.ir();
        return { k, cond, then, else: otherwise, loc: this.loc() };
      }
      case K.Fn: {
        const params: FnParam[] = new Array(this.uint());
        for (let i = 0; i < params.length; i++) {
          const name = this.str();
          params[i] = { name, defaultValue: this.opt() };
        }
        const body = this.ir();
        const frameSize = this.uint();
        const name = this.str();
        return { k, params, body, frameSize, name, loc: this.loc() };
      }
      case K.Local: {
        const binds = this.locals();
        const body = this.ir();
        return { k, binds, body, loc: this.loc() };
      }
      case K.Error: {
        const e = this.ir();
        return { k, e, loc: this.loc() };
      }
      case K.Assert: {
        const cond = this.ir();
        const message = this.opt();
        const rest = this.ir();
        return { k, cond, message, rest, loc: this.loc() };
      }
      case K.Import: {
        const kind = IMPORT_KINDS[this.u8()];
        const path = this.str();
        return { k, kind, path, loc: this.loc() };
      }
      default:
        throw new Error(`compiled-program cache: unknown node kind ${k as number} at byte ${this.pos - 1}`);
    }
  }

  private obj(): ObjIR {
    const fields: FieldIR[] = new Array(this.uint());
    for (let i = 0; i < fields.length; i++) {
      const name = this.u8() === 1 ? this.str() : undefined;
      const key = this.opt();
      const vis = VIS[this.u8()];
      const plus = this.u8() === 1;
      const loc = this.loc();
      const size = this.sized();
      fields[i] = new LazyField(name, key, vis, plus, loc, this.source, this.pos);
      this.pos += size;
    }
    let staticFields: Map<string, FieldIR> | undefined;
    if (this.u8() === 1) {
      staticFields = new Map();
      for (const f of fields) staticFields.set(f.name as string, f);
    }
    const locals = this.locals();
    const asserts: AssertIR[] = new Array(this.uint());
    for (let i = 0; i < asserts.length; i++) {
      const cond = this.ir();
      const message = this.opt();
      asserts[i] = { cond, message, loc: this.loc() };
    }
    const frameSize = this.uint();
    const nested = this.u8() === 1;
    const name = this.str();
    return {
      k: K.Obj,
      fields,
      staticFields,
      locals,
      asserts,
      frameSize,
      nested,
      name,
      loc: this.loc(),
      chains: undefined,
    };
  }
}

/**
 * Decodes the top of a program; object field bodies are decoded when first read. `text` is the
 * text of the file it was compiled from (its locations are offsets into it).
 */
export function decodeProgram(encoded: EncodedProgram, text: string): CompiledProgram {
  const source: Source = { code: encoded.code, strings: encoded.strings };
  const reader = new Reader(source, 0);
  const frameSize = reader.uint();
  if (reader.u8() === 1) source.lines = new SourceLines(reader.str(), text);
  return { ir: reader.ir(), frameSize };
}

/**
 * A location left encoded: every IR node has one, and a program read from the cache uses few of
 * them (errors and traces), so this is two references where a decoded one is seven fields (the
 * largest part of a decoded program) or three objects. (A SpanLoc made here instead, three
 * references, cost a warm run of rollout-operator's test ~7 % more instructions.)
 * Plain-data copies (JSON, or v8.serialize across a process boundary) go through toJSON / plainLoc.
 */
class EncodedLoc implements Loc {
  constructor(
    private readonly source: Source,
    private readonly at: number,
  ) {}

  /**
   * The `index`th of its numbers: 2 × start offset and length (offsets into the file), or 1, file
   * (string index), start line, column, offset, end line, column, offset.
   */
  private number(index: number): number {
    const code = this.source.code;
    let pos = this.at;
    for (let n = 0; ; n++) {
      let v = 0;
      let shift = 0;
      let b: number;
      do {
        b = code[pos++];
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
      } while (b >= 0x80);
      if (n === index) return v;
    }
  }

  /** The compiled file's line table when the location is stored as offsets into it. */
  get lines(): SourceLines | undefined {
    return (this.source.code[this.at] & 1) === 0 ? this.source.lines : undefined;
  }

  /** Its start offset in the file of `lines` (-1 without). */
  get from(): number {
    return this.lines !== undefined ? this.number(0) / 2 : -1;
  }

  /** Its end offset (exclusive) in the file of `lines` (-1 without). */
  get to(): number {
    return this.lines !== undefined ? this.number(0) / 2 + this.number(1) : -1;
  }

  get file(): string {
    const lines = this.lines;
    return lines !== undefined ? lines.file : this.source.strings[this.number(1)];
  }

  get start(): Pos {
    const lines = this.lines;
    if (lines !== undefined) return lines.pos(this.number(0) / 2, 0);
    return { line: this.number(2), column: this.number(3), offset: this.number(4) };
  }

  get end(): Pos {
    const lines = this.lines;
    if (lines !== undefined) return lines.pos(this.number(0) / 2 + this.number(1), 1);
    return { line: this.number(5), column: this.number(6), offset: this.number(7) };
  }

  toJSON(): Loc {
    return { file: this.file, start: this.start, end: this.end };
  }
}
