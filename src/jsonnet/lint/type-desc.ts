// The linter's types (go-jsonnet linter/internal/types desc.go, placeholder.go): a type is a set of
// possible values, with what is known of its functions, objects and arrays as references to
// placeholders (type variables) of the graph. Descriptions are copied shallowly when widened, as
// the Go structs are: a copy shares its object's field map and its array's element list.

export type PlaceholderID = number;

export const NO_TYPE = 0;
export const ANY_TYPE = 1;
export const BOOL_TYPE = 2;
export const NUMBER_TYPE = 3;
export const STRING_TYPE = 4;
export const NULL_TYPE = 5;
export const ANY_ARRAY_TYPE = 6;
export const NUMBER_ARRAY_TYPE = 7;
export const BOOL_ARRAY_TYPE = 8;
export const ANY_OBJECT_TYPE = 9;
export const ANY_FUNCTION_TYPE = 10;
export const STDLIB_TYPE = 11;

export const MAX_POSSIBLE_ARITY = 2147483647;

export interface ParamDesc {
  name: string;
  optional: boolean;
}

export interface FunctionDesc {
  resultContains: PlaceholderID[];
  /** undefined where go-jsonnet's slice is nil (unknown parameters, or none declared). */
  params: ParamDesc[] | undefined;
  minArity: number;
  maxArity: number;
}

export interface ObjectDesc {
  unknownContain: PlaceholderID[];
  fieldContains: Map<string, PlaceholderID[]>;
  allFieldsKnown: boolean;
}

export interface ArrayDesc {
  furtherContain: PlaceholderID[];
  elementContains: PlaceholderID[][];
}

export interface TypeDesc {
  bool: boolean;
  number: boolean;
  string: boolean;
  null: boolean;
  fn?: FunctionDesc;
  obj?: ObjectDesc;
  arr?: ArrayDesc;
}

export function voidType(): TypeDesc {
  return { bool: false, number: false, string: false, null: false };
}

/** The empty type, shared by every placeholder that adds nothing of its own (it is never widened). */
export const VOID: TypeDesc = Object.freeze(voidType());

/** Sorted and deduplicated; a repeated or late `any` absorbs everything (as Go's normalizePlaceholders). */
export function normalizePlaceholders(ps: PlaceholderID[]): PlaceholderID[] {
  if (ps.length === 0) return ps;
  // Already normalized (the usual case): the same list back, as Go's in-place pass would leave it.
  let sorted = ps.length < 2 || ps[1] !== ANY_TYPE;
  for (let i = 1; sorted && i < ps.length; i++) sorted = (ps[i - 1] as number) < (ps[i] as number);
  if (sorted) return ps;
  const s = [...ps].sort((a, b) => a - b);
  let count = 1;
  for (let i = 1; i < s.length; i++) {
    if (s[i] === ANY_TYPE) return [ANY_TYPE];
    if (s[i] !== s[count - 1]) s[count++] = s[i] as PlaceholderID;
  }
  s.length = count;
  return s;
}

function widenArray(a: ArrayDesc, other: ArrayDesc | undefined): void {
  if (!other) return;
  for (let i = 0; i < other.elementContains.length; i++) {
    // Growing the list gives this description its own (the one it shared stays as it was).
    if (a.elementContains.length <= i) a.elementContains = [...a.elementContains, [...a.furtherContain]];
    a.elementContains[i] = [
      ...(a.elementContains[i] as PlaceholderID[]),
      ...(other.elementContains[i] as PlaceholderID[]),
    ];
  }
  for (let i = other.elementContains.length; i < a.elementContains.length; i++) {
    a.elementContains[i] = [...(a.elementContains[i] as PlaceholderID[]), ...other.furtherContain];
  }
  a.furtherContain = [...a.furtherContain, ...other.furtherContain];
}

function widenObject(o: ObjectDesc, other: ObjectDesc | undefined): void {
  if (!other) return;
  o.unknownContain = [...o.unknownContain, ...other.unknownContain];
  for (const [name, ps] of other.fieldContains)
    o.fieldContains.set(name, [...(o.fieldContains.get(name) ?? []), ...ps]);
  if (!other.allFieldsKnown) {
    for (const [name, ps] of o.fieldContains) {
      if (!other.fieldContains.has(name)) o.fieldContains.set(name, [...ps, ...other.unknownContain]);
    }
    o.allFieldsKnown = false;
  }
}

function sameParameters(a: ParamDesc[] | undefined, b: ParamDesc[] | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  return a.every(
    (p, i) => p.name === (b[i] as ParamDesc).name && p.optional === (b[i] as ParamDesc).optional,
  );
}

function widenFunction(f: FunctionDesc, other: FunctionDesc | undefined): void {
  if (!other) return;
  if (other.minArity < f.minArity) f.minArity = other.minArity;
  if (other.maxArity > f.maxArity) f.maxArity = other.maxArity;
  if (!sameParameters(f.params, other.params)) f.params = undefined;
  f.resultContains = [...f.resultContains, ...other.resultContains];
}

/** t becomes the union of t and b. */
export function widen(t: TypeDesc, b: TypeDesc): void {
  t.bool ||= b.bool;
  t.number ||= b.number;
  t.string ||= b.string;
  t.null ||= b.null;
  if (t.fn) widenFunction(t.fn, b.fn);
  else if (b.fn) t.fn = { ...b.fn };
  if (t.obj) widenObject(t.obj, b.obj);
  else if (b.obj) t.obj = { ...b.obj };
  if (t.arr) widenArray(t.arr, b.arr);
  else if (b.arr) t.arr = { ...b.arr };
}

export function normalize(t: TypeDesc): void {
  if (t.arr) {
    const a = t.arr;
    for (let i = 0; i < a.elementContains.length; i++)
      a.elementContains[i] = normalizePlaceholders(a.elementContains[i] as PlaceholderID[]);
    a.furtherContain = normalizePlaceholders(a.furtherContain);
  }
  if (t.fn) t.fn.resultContains = normalizePlaceholders(t.fn.resultContains);
  if (t.obj) {
    const o = t.obj;
    o.unknownContain = normalizePlaceholders(o.unknownContain);
    for (const [f, ps] of o.fieldContains) {
      const n = normalizePlaceholders(ps);
      if (n !== ps) o.fieldContains.set(f, n);
    }
  }
}

function anyFunction(t: TypeDesc): boolean {
  const f = t.fn;
  if (!f || f.maxArity < MAX_POSSIBLE_ARITY || f.minArity > 0 || f.params !== undefined) return false;
  return f.resultContains.includes(ANY_TYPE);
}

function anyObject(t: TypeDesc): boolean {
  if (!t.obj || t.obj.allFieldsKnown) return false;
  return t.obj.unknownContain.includes(ANY_TYPE);
}

/** Go's AnyArray: only the first placeholder of each element list is looked at. */
function anyArray(t: TypeDesc): boolean {
  if (!t.arr) return false;
  for (const elem of t.arr.elementContains) if (elem.length > 0 && elem[0] !== ANY_TYPE) return false;
  const further = t.arr.furtherContain;
  return !(further.length > 0 && further[0] !== ANY_TYPE);
}

function isAny(t: TypeDesc): boolean {
  return t.bool && t.number && t.string && t.null && anyFunction(t) && anyObject(t) && anyArray(t);
}

function isVoid(t: TypeDesc): boolean {
  return !t.bool && !t.number && !t.string && !t.null && !t.fn && !t.obj && !t.arr;
}

export function describe(t: TypeDesc): string {
  if (isAny(t)) return 'any';
  if (isVoid(t)) return 'void';
  const parts: string[] = [];
  if (t.bool) parts.push('a bool');
  if (t.number) parts.push('a number');
  if (t.string) parts.push('a string');
  if (t.null) parts.push('a null');
  if (t.fn) parts.push('a function');
  if (t.obj) parts.push('an object');
  if (t.arr) parts.push('an array');
  return parts.join(' or ');
}

export type IndexSpec =
  | { type: 'generic'; indexed: PlaceholderID }
  | { type: 'string'; indexed: PlaceholderID; key: string }
  | { type: 'int'; indexed: PlaceholderID; key: number }
  | { type: 'call'; indexed: PlaceholderID };

export interface BuiltinOpResult {
  contained: PlaceholderID[];
  concrete: TypeDesc;
}

export interface BuiltinOp {
  args: PlaceholderID[];
  /** `concreteArgs[i]` is the argument's type when already known. */
  f: (concreteArgs: (TypeDesc | undefined)[], args: PlaceholderID[]) => BuiltinOpResult;
}

export interface Placeholder {
  concrete: TypeDesc;
  contains: PlaceholderID[];
  index?: IndexSpec;
  builtinOp?: BuiltinOp;
}

export const concreteTP = (t: TypeDesc): Placeholder => ({ concrete: t, contains: [] });
export const tpRef = (p: PlaceholderID): Placeholder => ({ concrete: VOID, contains: [p] });
export const tpSum = (a: PlaceholderID, b: PlaceholderID): Placeholder => ({
  concrete: VOID,
  contains: [a, b],
});
export const tpIndex = (index: IndexSpec): Placeholder => ({ concrete: VOID, contains: [], index });

function plusObjects(left: ObjectDesc | undefined, right: ObjectDesc | undefined): ObjectDesc | undefined {
  if (!left || !right) return undefined;
  const res: ObjectDesc = {
    unknownContain: [...left.unknownContain, ...right.unknownContain],
    fieldContains: new Map(),
    allFieldsKnown: left.allFieldsKnown && right.allFieldsKnown,
  };
  for (const [k, v] of left.fieldContains) {
    res.fieldContains.set(k, [...v]);
    if (!right.allFieldsKnown && !right.fieldContains.has(k))
      res.fieldContains.set(k, [...v, ...right.unknownContain]);
  }
  // From the outside, the right object's fields replace the left one's.
  for (const [k, v] of right.fieldContains) {
    res.fieldContains.set(k, [...v]);
    if (!left.allFieldsKnown && !left.fieldContains.has(k))
      res.fieldContains.set(k, [...v, ...left.unknownContain]);
  }
  return res;
}

function plusArrays(left: ArrayDesc | undefined, right: ArrayDesc | undefined): ArrayDesc | undefined {
  if (!left || !right) return undefined;
  return {
    elementContains: left.elementContains.map((ps) => [...ps]),
    // The left array's length is unknown: everything from the right is "further".
    furtherContain: [...left.furtherContain, ...right.elementContains.flat(), ...right.furtherContain],
  };
}

/** operator+ */
export function builtinPlus(concreteArgs: (TypeDesc | undefined)[], args: PlaceholderID[]): BuiltinOpResult {
  const [left, right] = concreteArgs;
  if (left && right) {
    return {
      concrete: {
        bool: left.bool && right.bool,
        number: left.number && right.number,
        string: left.string || right.string,
        null: false,
        obj: plusObjects(left.obj, right.obj),
        arr: plusArrays(left.arr, right.arr),
      },
      contained: args,
    };
  }
  return { concrete: VOID, contained: args };
}
