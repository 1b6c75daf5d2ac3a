// Jsonnet parser: tokens to AST (see ast.ts). Recursive descent with precedence climbing for binary
// operators; syntax errors are thrown as static JsonnetErrors in the reference wording.
import type {
  BinaryOp,
  Bind,
  CompSpec,
  FieldMember,
  Loc,
  NamedArg,
  Node,
  ObjectMember,
  Param,
  Visibility,
} from './ast.js';
import { staticError } from './errors.js';
import { Lexer, type Token } from './lexer.js';
import { SourceLines, SpanLoc } from './span-loc.js';

const BINARY_PRECEDENCE: Record<string, number> = {
  '*': 5,
  '/': 5,
  '%': 5,
  '+': 6,
  '-': 6,
  '<<': 7,
  '>>': 7,
  '<': 8,
  '<=': 8,
  '>': 8,
  '>=': 8,
  in: 8,
  '==': 9,
  '!=': 9,
  '&': 10,
  '^': 11,
  '|': 12,
  '&&': 13,
  '||': 14,
};
const MAX_PRECEDENCE = 15;
/** A field's operator → what /^(\+?)(:{1,3})$/ matches in it: [operator, '+' or '', visibility]. */
const FIELD_OPS = new Map<string, [string, string, Visibility]>(
  ['', '+'].flatMap((plus) =>
    ([':', '::', ':::'] as const).map((v): [string, [string, string, Visibility]] => [
      plus + v,
      [plus + v, plus, v],
    ]),
  ),
);
const UNARY_OPS = new Set(['-', '+', '!', '~']);
/** The keywords parseKeywordExpr starts an expression with. */
const KEYWORD_EXPRESSIONS = new Set([
  'local',
  'if',
  'function',
  'assert',
  'error',
  'import',
  'importstr',
  'importbin',
]);
const MAX_DEPTH = 500;

export function parse(source: string, filename: string): Node {
  const lexer = new Lexer(source, filename);
  try {
    const parser = new Parser(lexer, new SourceLines(filename, source));
    const node = parser.parseExpr();
    const t = parser.peek();
    if (t.kind !== 'eof') throw staticError(`did not expect: ${describe(t)}`, parser.locOf(t));
    return node;
  } catch (e) {
    // The parser takes tokens as it goes, but go-jsonnet lexes the whole file before parsing it: a
    // lexing error after the place of a syntax error (or a parse too deep) is the one reported.
    for (let t = lexer.next(); t.kind !== 'eof'; t = lexer.next());
    throw e;
  }
}

/** Where a location begins (offset): without working out its line for a SpanLoc. */
function startOf(loc: Loc): number {
  return loc instanceof SpanLoc ? loc.from : loc.start.offset;
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of file';
  if (t.kind === 'str') return `(STRING, ${JSON.stringify(t.value)})`;
  if (t.kind === 'op' || t.kind === 'punct' || t.kind === 'dollar') return JSON.stringify(t.value);
  return t.value;
}

class Parser {
  private depth = 0;
  /** The next token (`peek()`), and the one after it once `peek(1)` has asked. */
  private current: Token;
  private ahead: Token | undefined = undefined;
  /** The last token taken (the first one before any is). */
  private last: Token;

  constructor(
    private readonly lexer: Lexer,
    private readonly lines: SourceLines,
  ) {
    this.current = this.last = lexer.next();
  }

  locOf(t: Token): Loc {
    return new SpanLoc(this.lines, t.start, t.end);
  }

  /** A location where `at` is both start and end. */
  private pointAt(at: number): Loc {
    return new SpanLoc(this.lines, at, at);
  }

  /** The next token (0) or the one after it (1); at the end, `eof`. */
  peek(offset: 0 | 1 = 0): Token {
    const t = this.current;
    if (offset === 0 || t.kind === 'eof') return t;
    return (this.ahead ??= this.lexer.next());
  }

  private next(): Token {
    const t = this.current;
    if (t.kind !== 'eof') {
      this.last = t;
      this.current = this.ahead ?? this.lexer.next();
      this.ahead = undefined;
    }
    return t;
  }

  private get prevEnd(): number {
    return this.last.end;
  }

  /** From offset `start` to the end of the last token taken. */
  private span(start: number): Loc {
    return new SpanLoc(this.lines, start, this.prevEnd);
  }

  private is(kind: Token['kind'], value?: string): boolean {
    const t = this.peek();
    return t.kind === kind && (value === undefined || t.value === value);
  }

  private accept(kind: Token['kind'], value?: string): Token | undefined {
    return this.is(kind, value) ? this.next() : undefined;
  }

  private unexpected(t: Token, context: string): never {
    if (t.kind === 'eof') throw staticError('unexpected end of file.', this.locOf(t));
    throw staticError(`unexpected: ${describe(t)} while parsing ${context}`, this.locOf(t));
  }

  private expect(kind: Token['kind'], value: string, context: string): Token {
    const t = this.peek();
    if (t.kind === kind && t.value === value) return this.next();
    if (t.kind === 'eof') throw staticError('unexpected end of file.', this.locOf(t));
    throw staticError(
      `expected token ${JSON.stringify(value)} but got ${describe(t)}${context ? '' : ''}`,
      this.locOf(t),
    );
  }

  private expectId(context = ''): Token {
    const t = this.peek();
    if (t.kind === 'id') return this.next();
    if (t.kind === 'eof') throw staticError('unexpected end of file.', this.locOf(t));
    throw staticError(`expected token IDENTIFIER but got ${describe(t)}${context}`, this.locOf(t));
  }

  parseExpr(maxPrec = MAX_PRECEDENCE): Node {
    if (++this.depth > MAX_DEPTH)
      throw staticError('Exceeded maximum parse depth limit.', this.locOf(this.peek()));
    try {
      return this.parseBinary(maxPrec);
    } finally {
      this.depth--;
    }
  }

  private parseBinary(maxPrec: number): Node {
    const t = this.peek();
    if (t.kind === 'kw') {
      const special = this.parseKeywordExpr(t);
      if (special) return special;
    }
    let left = this.parseUnary();
    for (;;) {
      const op = this.peek();
      const opName = op.kind === 'op' || (op.kind === 'kw' && op.value === 'in') ? op.value : undefined;
      if (opName === undefined) break;
      const prec = BINARY_PRECEDENCE[opName];
      if (prec === undefined || prec > maxPrec) break;
      this.next();
      if (opName === 'in' && this.is('kw', 'super')) {
        const superToken = this.next();
        left = {
          type: 'InSuper',
          index: left,
          loc: this.span(startOf(left.loc)),
          superLoc: this.locOf(superToken),
        };
        continue;
      }
      const right = this.parseExpr(prec - 1);
      left = { type: 'Binary', op: opName as BinaryOp, left, right, loc: this.span(startOf(left.loc)) };
    }
    return left;
  }

  private parseUnary(): Node {
    const t = this.peek();
    if (t.kind === 'op' && UNARY_OPS.has(t.value)) {
      this.next();
      const operand = this.parseUnaryOperand();
      return { type: 'Unary', op: t.value as '-', operand, loc: this.span(t.start) };
    }
    return this.parsePostfix();
  }

  private parseUnaryOperand(): Node {
    const t = this.peek();
    if (t.kind === 'kw') {
      const special = this.parseKeywordExpr(t);
      if (special) return special;
    }
    return this.parseUnary();
  }

  /**
   * Expressions that start with a keyword and extend as far right as possible; `t` is the keyword,
   * the next token or (parsePrimary) the one just taken.
   */
  private parseKeywordExpr(t: Token): Node | undefined {
    const start = t.start;
    if (!KEYWORD_EXPRESSIONS.has(t.value)) return undefined;
    if (this.current === t) this.next();
    switch (t.value) {
      case 'local': {
        const binds: Bind[] = [];
        do {
          binds.push(this.parseBind());
        } while (this.accept('punct', ','));
        this.expect('punct', ';', 'local');
        const body = this.parseExpr();
        return { type: 'Local', binds, body, loc: this.span(start) };
      }
      case 'if': {
        const cond = this.parseExpr();
        this.expect('kw', 'then', 'if');
        const then = this.parseExpr();
        if (this.accept('kw', 'else')) {
          const otherwise = this.parseExpr();
          return { type: 'Conditional', cond, then, else: otherwise, loc: this.span(start) };
        }
        return { type: 'Conditional', cond, then, loc: this.span(start) };
      }
      case 'function': {
        this.expect('punct', '(', 'function');
        const params = this.parseParams();
        const body = this.parseExpr();
        return { type: 'Function', params, body, loc: this.span(start) };
      }
      case 'assert': {
        const cond = this.parseExpr();
        let message: Node | undefined;
        if (this.accept('op', ':')) message = this.parseExpr();
        this.expect('punct', ';', 'assert');
        const rest = this.parseExpr();
        return { type: 'Assert', cond, message, rest, loc: this.span(start) };
      }
      case 'error': {
        const expr = this.parseExpr();
        return { type: 'Error', expr, loc: this.span(start) };
      }
      case 'import':
      case 'importstr':
      case 'importbin': {
        const pathNode = this.parseExpr();
        if (pathNode.type !== 'String') throw staticError('computed imports are not allowed.', pathNode.loc);
        if (pathNode.kind === 'block')
          throw staticError('Cannot use text blocks in import statements.', pathNode.loc);
        return { type: 'Import', kind: t.value, path: pathNode.value, loc: this.span(start) };
      }
      default:
        return undefined;
    }
  }

  private parseBind(): Bind {
    const id = this.expectId();
    if (this.accept('punct', '(')) {
      const params = this.parseParams();
      this.expect('op', '=', 'local');
      const body = this.parseExpr();
      return { name: id.value, params, body, loc: this.span(id.start) };
    }
    this.expect('op', '=', 'local');
    const body = this.parseExpr();
    return { name: id.value, body, loc: this.span(id.start) };
  }

  /** After the opening parenthesis. */
  private parseParams(kind: 'function' | 'method' = 'function'): Param[] {
    const params: Param[] = [];
    while (!this.is('punct', ')')) {
      const id = this.expectId(' while parsing parameter');
      let defaultValue: Node | undefined;
      if (this.accept('op', '=')) defaultValue = this.parseExpr();
      params.push({ name: id.value, defaultValue, loc: this.span(id.start) });
      if (!this.accept('punct', ',')) {
        const t = this.peek();
        if (t.kind !== 'eof' && !(t.kind === 'punct' && t.value === ')'))
          throw staticError(
            `expected a comma before next ${kind} parameter, got ${describe(t)}`,
            this.locOf(t),
          );
        break;
      }
    }
    this.expect('punct', ')', 'function parameters');
    return params;
  }

  private parsePostfix(): Node {
    let node = this.parsePrimary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.value === '.') {
        this.next();
        const id = this.expectId();
        node = {
          type: 'Index',
          target: node,
          index: { type: 'String', value: id.value, kind: 'double', loc: this.locOf(id) },
          id: id.value,
          loc: this.span(startOf(node.loc)),
        };
      } else if (t.kind === 'punct' && t.value === '[') {
        this.next();
        node = this.parseIndexOrSlice(node);
      } else if (t.kind === 'punct' && t.value === '(') {
        this.next();
        const { positional, named } = this.parseArgs();
        // go-jsonnet's call ends at its `)`, a `tailstrict` after it is not part of its span.
        const loc = this.span(startOf(node.loc));
        const tailstrict = this.accept('kw', 'tailstrict') !== undefined;
        node = { type: 'Apply', fn: node, positional, named, tailstrict, loc };
      } else if (t.kind === 'punct' && t.value === '{') {
        this.next();
        const obj = this.parseObject(t.start);
        node = {
          type: 'Binary',
          op: '+',
          left: node,
          right: obj,
          implicitPlus: true,
          loc: this.span(startOf(node.loc)),
        };
      } else {
        return node;
      }
    }
  }

  private parseIndexOrSlice(target: Node): Node {
    const start = startOf(target.loc);
    const parts: (Node | undefined)[] = [];
    let colons = 0;
    let current: Node | undefined;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.value === ']') {
        this.next();
        break;
      }
      if (t.kind === 'op' && (t.value === ':' || t.value === '::')) {
        this.next();
        parts.push(current);
        current = undefined;
        colons += t.value.length;
        if (t.value === '::') parts.push(undefined);
        if (colons > 2) this.unexpected(t, 'slice');
        continue;
      }
      if (current !== undefined) this.unexpected(t, 'index');
      current = this.parseExpr();
    }
    parts.push(current);
    if (colons === 0) {
      if (current === undefined) throw staticError('expected expression in index', this.locOf(this.peek()));
      return { type: 'Index', target, index: current, loc: this.span(start) };
    }
    return { type: 'Slice', target, from: parts[0], to: parts[1], step: parts[2], loc: this.span(start) };
  }

  /** After the opening parenthesis. */
  private parseArgs(): { positional: Node[]; named: NamedArg[] } {
    const positional: Node[] = [];
    const named: NamedArg[] = [];
    while (!this.is('punct', ')')) {
      const t = this.peek();
      if (t.kind === 'id' && this.peek(1).kind === 'op' && this.peek(1).value === '=') {
        this.next();
        this.next();
        const value = this.parseExpr();
        named.push({ name: t.value, value, loc: this.span(t.start) });
      } else {
        const value = this.parseExpr();
        if (named.length > 0) {
          throw staticError(
            'Positional argument after a named argument is not allowed',
            this.pointAt(startOf(value.loc)),
          );
        }
        positional.push(value);
      }
      if (!this.accept('punct', ',')) break;
    }
    this.expect('punct', ')', 'function call');
    return { positional, named };
  }

  private parsePrimary(): Node {
    const t = this.next();
    const loc = this.locOf(t);
    switch (t.kind) {
      case 'num':
        return { type: 'Number', value: t.num as number, text: t.value, loc };
      case 'str':
        return { type: 'String', value: t.value, kind: t.strKind ?? 'double', loc };
      case 'id':
        return { type: 'Var', name: t.value, loc };
      case 'dollar':
        return { type: 'Dollar', loc };
      case 'kw':
        switch (t.value) {
          case 'null':
            return { type: 'Null', loc };
          case 'true':
            return { type: 'Boolean', value: true, loc };
          case 'false':
            return { type: 'Boolean', value: false, loc };
          case 'self':
            return { type: 'Self', loc };
          case 'super': {
            if (this.accept('punct', '.')) {
              const id = this.expectId();
              return {
                type: 'SuperIndex',
                index: { type: 'String', value: id.value, kind: 'double', loc: this.locOf(id) },
                id: id.value,
                loc: this.span(t.start),
                superLoc: this.locOf(t),
              };
            }
            if (this.accept('punct', '[')) {
              const index = this.parseExpr();
              this.expect('punct', ']', 'super index');
              return { type: 'SuperIndex', index, loc: this.span(t.start), superLoc: this.locOf(t) };
            }
            throw staticError('Expected . or [ after super.', this.locOf(this.peek()));
          }
          default: {
            const special = this.parseKeywordExpr(t);
            if (special) return special;
            this.unexpected(t, 'terminal');
          }
        }
        break;
      case 'punct':
        switch (t.value) {
          case '(': {
            const inner = this.parseExpr();
            this.expect('punct', ')', 'parenthesis');
            return { type: 'Parens', inner, loc: this.span(t.start) };
          }
          case '[':
            return this.parseArray(t.start);
          case '{':
            return this.parseObject(t.start);
        }
        break;
    }
    this.unexpected(t, 'terminal');
  }

  private parseArray(start: number): Node {
    const elements: Node[] = [];
    if (this.accept('punct', ']')) return { type: 'Array', elements, loc: this.span(start) };
    const first = this.parseExpr();
    const hadComma = this.accept('punct', ',') !== undefined;
    if (this.is('kw', 'for')) {
      const specs = this.parseCompSpecs();
      this.expect('punct', ']', 'array comprehension');
      return { type: 'ArrayComp', body: first, specs, loc: this.span(start) };
    }
    elements.push(first);
    let comma = hadComma;
    while (!this.is('punct', ']')) {
      if (!comma) {
        const t = this.peek();
        if (t.kind === 'eof') throw staticError('unexpected end of file.', this.locOf(t));
        throw staticError('expected a comma before next array element.', this.locOf(t));
      }
      elements.push(this.parseExpr());
      comma = this.accept('punct', ',') !== undefined;
    }
    this.next();
    return { type: 'Array', elements, loc: this.span(start) };
  }

  private parseCompSpecs(): CompSpec[] {
    const specs: CompSpec[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'kw' && t.value === 'for') {
        this.next();
        const id = this.expectId();
        this.expect('kw', 'in', 'for');
        const expr = this.parseExpr();
        specs.push({ kind: 'for', name: id.value, expr, loc: this.span(t.start) });
      } else if (t.kind === 'kw' && t.value === 'if' && specs.length > 0) {
        this.next();
        const cond = this.parseExpr();
        specs.push({ kind: 'if', cond, loc: this.span(t.start) });
      } else {
        return specs;
      }
    }
  }

  /** After the opening brace. */
  private parseObject(start: number): Node {
    const members: ObjectMember[] = [];
    const localNames = new Set<string>();
    let comma = true;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.value === '}') {
        this.next();
        return { type: 'Object', members, loc: this.span(start) };
      }
      if (t.kind === 'kw' && t.value === 'for') {
        const specs = this.parseCompSpecs();
        this.expect('punct', '}', 'object comprehension');
        const loc = this.span(start);
        checkObjectComprehension(members, loc);
        return { type: 'ObjectComp', members, specs, loc };
      }
      if (!comma) {
        if (t.kind === 'eof') throw staticError('unexpected end of file.', this.locOf(t));
        throw staticError('expected a comma before next field.', this.locOf(t));
      }
      const member = this.parseMember();
      if (member.kind === 'local') {
        if (localNames.has(member.bind.name)) {
          throw staticError(
            `duplicate local var: ${member.bind.name}`,
            this.pointAt(startOf(member.bind.loc)),
          );
        }
        localNames.add(member.bind.name);
      }
      members.push(member);
      comma = this.accept('punct', ',') !== undefined;
    }
  }

  private parseMember(): ObjectMember {
    const t = this.peek();
    const start = t.start;
    if (t.kind === 'kw' && t.value === 'local') {
      this.next();
      const bind = this.parseBind();
      return { kind: 'local', bind, loc: this.span(start) };
    }
    if (t.kind === 'kw' && t.value === 'assert') {
      this.next();
      const cond = this.parseExpr();
      let message: Node | undefined;
      if (this.accept('op', ':')) message = this.parseExpr();
      return { kind: 'assert', cond, message, loc: this.span(start) };
    }
    let key: Node;
    let keyKind: FieldMember['keyKind'];
    let name: string | undefined;
    if (t.kind === 'id') {
      this.next();
      key = { type: 'String', value: t.value, kind: 'double', loc: this.locOf(t) };
      keyKind = 'id';
      name = t.value;
    } else if (t.kind === 'str') {
      this.next();
      key = { type: 'String', value: t.value, kind: t.strKind ?? 'double', loc: this.locOf(t) };
      keyKind = 'string';
      name = t.value;
    } else if (t.kind === 'punct' && t.value === '[') {
      this.next();
      key = this.parseExpr();
      this.expect('punct', ']', 'field name');
      keyKind = 'computed';
    } else {
      if (t.kind === 'kw' && t.value === 'self') {
        throw staticError('unexpected: self while parsing field definition', this.locOf(t));
      }
      this.unexpected(t, 'field definition');
    }
    let params: Param[] | undefined;
    if (this.accept('punct', '(')) params = this.parseParams('method');
    const opTok = this.peek();
    const m = opTok.kind === 'op' ? FIELD_OPS.get(opTok.value) : undefined;
    if (!m) {
      if (opTok.kind === 'eof') throw staticError('unexpected end of file.', this.locOf(opTok));
      throw staticError(
        `expected one of :, ::, :::, +:, +::, +:::, got: ${describe(opTok)}`,
        this.locOf(opTok),
      );
    }
    this.next();
    const plus = m[1] === '+';
    if (plus && params) {
      throw staticError(`cannot use +: syntax sugar in a method: ${name ?? ''}`, this.locOf(t));
    }
    const value = this.parseExpr();
    return {
      kind: 'field',
      keyKind,
      name,
      key,
      params,
      plus,
      visibility: m[2],
      value,
      loc: this.span(start),
    };
  }
}

function checkObjectComprehension(members: ObjectMember[], loc: Loc): void {
  let fields = 0;
  for (const m of members) {
    if (m.kind === 'assert') throw staticError('Object comprehension cannot have asserts.', m.loc);
    if (m.kind === 'field') {
      fields++;
      if (m.keyKind !== 'computed')
        throw staticError('Object comprehensions can only have [e] fields.', m.loc);
      if (m.visibility !== ':') throw staticError('Object comprehensions cannot have hidden fields.', m.loc);
    }
  }
  if (fields !== 1) throw staticError('Object comprehension can only have one field.', loc);
}
