// The Jsonnet abstract syntax tree as the parser produces it: every node carries its source span,
// object members keep their key and value spans so tools can edit a file in place.

export interface Pos {
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 units). */
  column: number;
  /** UTF-16 index into the source. */
  offset: number;
}

export interface Loc {
  file: string;
  start: Pos;
  /** Exclusive end. */
  end: Pos;
}

export type Visibility = ':' | '::' | ':::';
export type StringKind = 'double' | 'single' | 'verbatimDouble' | 'verbatimSingle' | 'block';

export type BinaryOp =
  | '*'
  | '/'
  | '%'
  | '+'
  | '-'
  | '<<'
  | '>>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | 'in'
  | '&'
  | '^'
  | '|'
  | '&&'
  | '||';
export type UnaryOp = '-' | '+' | '!' | '~';

export interface Param {
  name: string;
  defaultValue?: Node;
  loc: Loc;
}

export interface Bind {
  name: string;
  /** Present for `local f(x) = ...` sugar. */
  params?: Param[];
  body: Node;
  loc: Loc;
}

export interface FieldMember {
  kind: 'field';
  /** `id` for `name:`, `string` for `'name':`, `computed` for `[expr]:`. */
  keyKind: 'id' | 'string' | 'computed';
  /** The field name when it is known statically. */
  name?: string;
  key: Node;
  /** Present for method sugar `f(x): ...`. */
  params?: Param[];
  plus: boolean;
  visibility: Visibility;
  value: Node;
  loc: Loc;
}

export interface LocalMember {
  kind: 'local';
  bind: Bind;
  loc: Loc;
}

export interface AssertMember {
  kind: 'assert';
  cond: Node;
  message?: Node;
  loc: Loc;
}

export type ObjectMember = FieldMember | LocalMember | AssertMember;

export interface ForSpec {
  kind: 'for';
  name: string;
  expr: Node;
  loc: Loc;
}

export interface IfSpec {
  kind: 'if';
  cond: Node;
  loc: Loc;
}

export type CompSpec = ForSpec | IfSpec;

interface Base {
  loc: Loc;
}

export interface NullNode extends Base {
  type: 'Null';
}
export interface BooleanNode extends Base {
  type: 'Boolean';
  value: boolean;
}
export interface NumberNode extends Base {
  type: 'Number';
  value: number;
  text: string;
}
export interface StringNode extends Base {
  type: 'String';
  value: string;
  kind: StringKind;
}
export interface SelfNode extends Base {
  type: 'Self';
}
export interface DollarNode extends Base {
  type: 'Dollar';
}
export interface VarNode extends Base {
  type: 'Var';
  name: string;
}
export interface ArrayNode extends Base {
  type: 'Array';
  elements: Node[];
}
export interface ArrayCompNode extends Base {
  type: 'ArrayComp';
  body: Node;
  specs: CompSpec[];
}
export interface ObjectNode extends Base {
  type: 'Object';
  members: ObjectMember[];
}
export interface ObjectCompNode extends Base {
  type: 'ObjectComp';
  /** Exactly one field plus any locals. */
  members: ObjectMember[];
  specs: CompSpec[];
}
/** `a.b` (index is a String node with `id`), `a[b]`. */
export interface IndexNode extends Base {
  type: 'Index';
  target: Node;
  index: Node;
  id?: string;
}
export interface SuperIndexNode extends Base {
  type: 'SuperIndex';
  index: Node;
  id?: string;
  /** Span of the `super` keyword. */
  superLoc?: Loc;
}
export interface InSuperNode extends Base {
  type: 'InSuper';
  index: Node;
  superLoc?: Loc;
}
export interface SliceNode extends Base {
  type: 'Slice';
  target: Node;
  from?: Node;
  to?: Node;
  step?: Node;
}
export interface NamedArg {
  name: string;
  value: Node;
  loc: Loc;
}
export interface ApplyNode extends Base {
  type: 'Apply';
  fn: Node;
  positional: Node[];
  named: NamedArg[];
  tailstrict: boolean;
}
export interface BinaryNode extends Base {
  type: 'Binary';
  op: BinaryOp;
  left: Node;
  right: Node;
  /** `e { ... }` */ implicitPlus?: boolean;
}
export interface UnaryNode extends Base {
  type: 'Unary';
  op: UnaryOp;
  operand: Node;
}
export interface ConditionalNode extends Base {
  type: 'Conditional';
  cond: Node;
  then: Node;
  else?: Node;
}
export interface FunctionNode extends Base {
  type: 'Function';
  params: Param[];
  body: Node;
}
export interface LocalNode extends Base {
  type: 'Local';
  binds: Bind[];
  body: Node;
}
export interface ErrorNode extends Base {
  type: 'Error';
  expr: Node;
}
export interface AssertNode extends Base {
  type: 'Assert';
  cond: Node;
  message?: Node;
  rest: Node;
}
export interface ImportNode extends Base {
  type: 'Import';
  kind: 'import' | 'importstr' | 'importbin';
  path: string;
}
export interface ParensNode extends Base {
  type: 'Parens';
  inner: Node;
}

export type Node =
  | NullNode
  | BooleanNode
  | NumberNode
  | StringNode
  | SelfNode
  | DollarNode
  | VarNode
  | ArrayNode
  | ArrayCompNode
  | ObjectNode
  | ObjectCompNode
  | IndexNode
  | SuperIndexNode
  | InSuperNode
  | SliceNode
  | ApplyNode
  | BinaryNode
  | UnaryNode
  | ConditionalNode
  | FunctionNode
  | LocalNode
  | ErrorNode
  | AssertNode
  | ImportNode
  | ParensNode;
