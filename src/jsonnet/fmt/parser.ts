// The parser the formatter uses: tokens to the raw (non-desugared) AST with fodder.
// Port of go-jsonnet v0.22 internal/parser/parser.go (Apache-2.0). Go's addContext (context.go)
// is not ported: it only names functions for runtime error messages.
import {
  Apply,
  ApplyBrace,
  ApplyPrecedence,
  Arguments,
  Array,
  ArrayComp,
  Assert,
  Binary,
  BinaryOp,
  CommaSeparatedExpr,
  Conditional,
  Dollar,
  Error as ErrorNode,
  type Fodder,
  ForSpec,
  Function,
  IfSpec,
  Import,
  ImportBin,
  ImportStr,
  InSuper,
  Index,
  type Identifier,
  LiteralBoolean,
  LiteralNull,
  LiteralNumber,
  LiteralString,
  LiteralStringKind,
  Local,
  LocalBind,
  type LocalBinds,
  type LocationRange,
  MaxPrecedence,
  NamedArgument,
  type Node,
  Object as ObjectNode,
  ObjectComp,
  ObjectField,
  ObjectFieldHide,
  ObjectFieldKind,
  type ObjectFields,
  Parameter,
  Parens,
  type Precedence,
  Self,
  Slice,
  SuperIndex,
  Unary,
  UnaryPrecedence,
  Var,
  binaryOpPrecedence,
  bopMap,
  locationRangeBetween,
  uopMap,
} from './ast.js';
import {
  StaticError,
  type Token,
  TokenKind,
  type Tokens,
  lexTokens,
  makeStaticError,
  toJsonnetError,
  tokenKindString,
} from './lexer.js';
import { stringUnescape } from './strings.js';

// ---------------------------------------------------------------------------

function makeUnexpectedError(t: Token, while_: string): StaticError {
  return makeStaticError(`Unexpected: ${t.toString()}`, t.loc).withContext(while_);
}

function locFromTokens(begin: Token, end: Token): LocationRange {
  return locationRangeBetween(begin.loc, end.loc);
}

function locFromTokenAST(begin: Token, end: Node): LocationRange {
  return locationRangeBetween(begin.loc, end.locRange);
}

// ---------------------------------------------------------------------------

class Parser {
  currT = 0;

  constructor(readonly t: Tokens) {}

  pop(): Token {
    const t = this.t[this.currT];
    this.currT++;
    return t;
  }

  unexpectedTokenError(tk: TokenKind, t: Token): StaticError {
    if (tk === t.kind) throw new Error('Unexpectedly expected token kind');
    return makeStaticError(`Expected token ${tokenKindString(tk)} but got ${t.toString()}`, t.loc);
  }

  popExpect(tk: TokenKind): Token {
    const t = this.pop();
    if (t.kind !== tk) throw this.unexpectedTokenError(tk, t);
    return t;
  }

  popExpectOp(op: string): Token {
    const t = this.pop();
    if (t.kind !== TokenKind.tokenOperator || t.data !== op) {
      throw makeStaticError(`Expected operator ${op} but got ${t.toString()}`, t.loc);
    }
    return t;
  }

  peek(): Token {
    return this.t[this.currT];
  }

  doublePeek(): Token {
    return this.t[this.currT + 1];
  }

  /** Parses either <f1> id <f2> = expr or just expr. */
  parseArgument(): { idFodder: Fodder; id: Identifier | null; eqFodder: Fodder; expr: Node } {
    let idFodder: Fodder = [];
    let id: Identifier | null = null;
    let eqFodder: Fodder = [];
    if (
      this.peek().kind === TokenKind.tokenIdentifier &&
      this.doublePeek().kind === TokenKind.tokenOperator &&
      this.doublePeek().data === '='
    ) {
      const ident = this.pop();
      id = ident.data;
      idFodder = ident.fodder;
      const eq = this.pop();
      eqFodder = eq.fodder;
    }
    const expr = this.parse(MaxPrecedence);
    return { idFodder, id, eqFodder, expr };
  }

  parseArguments(elementKind: string): { end: Token; args: Arguments; gotComma: boolean } {
    const args = new Arguments();
    let gotComma = false;
    let namedArgumentAdded = false;
    let first = true;
    for (;;) {
      let commaFodder: Fodder = [];
      const next = this.peek();

      if (next.kind === TokenKind.tokenParenR) {
        // gotComma can be true or false here.
        return { end: this.pop(), args, gotComma };
      }

      if (!first && !gotComma) {
        throw makeStaticError(
          `Expected a comma before next ${elementKind}, got ${next.toString()}`,
          next.loc,
        );
      }

      const { idFodder, id, eqFodder, expr } = this.parseArgument();

      if (this.peek().kind === TokenKind.tokenComma) {
        const comma = this.pop();
        gotComma = true;
        commaFodder = comma.fodder;
      } else {
        gotComma = false;
      }

      if (id === null) {
        if (namedArgumentAdded) {
          throw makeStaticError('Positional argument after a named argument is not allowed', next.loc);
        }
        const el = new CommaSeparatedExpr({ expr });
        if (gotComma) el.commaFodder = commaFodder;
        args.positional.push(el);
      } else {
        namedArgumentAdded = true;
        args.named.push(
          new NamedArgument({ nameFodder: idFodder, name: id, eqFodder, arg: expr, commaFodder }),
        );
      }

      first = false;
    }
  }

  /** Parses either <f1> id <f2> = expr or just <f1> id. */
  parseParameter(): Parameter {
    const ret = new Parameter();
    let ident: Token;
    try {
      ident = this.popExpect(TokenKind.tokenIdentifier);
    } catch (e) {
      if (e instanceof StaticError) throw e.withContext('parsing parameter');
      throw e;
    }
    ret.name = ident.data;
    ret.nameFodder = ident.fodder;
    ret.locRange = ident.loc;
    if (this.peek().kind === TokenKind.tokenOperator && this.peek().data === '=') {
      const eq = this.pop();
      ret.eqFodder = eq.fodder;
      const defaultArg = this.parse(MaxPrecedence);
      ret.defaultArg = defaultArg;
      ret.locRange = locFromTokenAST(ident, defaultArg);
    }
    return ret;
  }

  parseParameters(elementKind: string): { parenR: Token; params: Parameter[]; gotComma: boolean } {
    let parenR: Token;
    const params: Parameter[] = [];
    let gotComma = false;
    let first = true;
    for (;;) {
      const next = this.peek();

      if (next.kind === TokenKind.tokenParenR) {
        // gotComma can be true or false here.
        parenR = this.pop();
        break;
      }

      if (!first && !gotComma) {
        throw makeStaticError(
          `Expected a comma before next ${elementKind}, got ${next.toString()}`,
          next.loc,
        );
      }

      const param = this.parseParameter();

      if (this.peek().kind === TokenKind.tokenComma) {
        const comma = this.pop();
        param.commaFodder = comma.fodder;
        gotComma = true;
      } else {
        gotComma = false;
      }
      params.push(param);

      first = false;
    }

    return { parenR, params, gotComma };
  }

  parseBind(binds: LocalBinds): Token {
    const varID = this.popExpect(TokenKind.tokenIdentifier);
    for (const b of binds) {
      if (b.variable === varID.data) {
        throw makeStaticError(`Duplicate local var: ${varID.data}`, varID.loc);
      }
    }

    let fun: Function | null = null;
    if (this.peek().kind === TokenKind.tokenParenL) {
      const parenL = this.pop();
      const { parenR, params, gotComma } = this.parseParameters('function parameter');
      fun = new Function({
        parenLeftFodder: parenL.fodder,
        parameters: params,
        trailingComma: gotComma,
        parenRightFodder: parenR.fodder,
        // The body is filled in below.
        body: null as unknown as Node,
      });
    }

    const eqToken = this.popExpectOp('=');
    const body = this.parse(MaxPrecedence);

    const delim = this.pop();
    if (delim.kind !== TokenKind.tokenSemicolon && delim.kind !== TokenKind.tokenComma) {
      throw makeStaticError(`Expected , or ; but got ${delim.toString()}`, delim.loc);
    }

    if (fun !== null) {
      fun.locRange = locFromTokenAST(varID, body);
      fun.fodder = [];
      fun.body = body;
    }
    binds.push(
      new LocalBind({
        varFodder: varID.fodder,
        variable: varID.data,
        eqFodder: eqToken.fodder,
        body,
        fun,
        closeFodder: delim.fodder,
        locRange: locFromTokenAST(varID, body),
      }),
    );

    return delim;
  }

  parseObjectAssignmentOp(): { opFodder: Fodder; plusSugar: boolean; hide: ObjectFieldHide } {
    const op = this.popExpect(TokenKind.tokenOperator);
    const opFodder = op.fodder;
    let opStr = op.data;
    let plusSugar = false;
    if (opStr[0] === '+') {
      plusSugar = true;
      opStr = opStr.slice(1);
    }

    const bad = (): StaticError =>
      makeStaticError(`Expected one of :, ::, :::, +:, +::, +:::, got: ${op.data}`, op.loc);
    let numColons = 0;
    while (opStr.length > 0) {
      if (opStr[0] !== ':') throw bad();
      opStr = opStr.slice(1);
      numColons++;
    }

    let hide: ObjectFieldHide;
    switch (numColons) {
      case 1:
        hide = ObjectFieldHide.ObjectFieldInherit;
        break;
      case 2:
        hide = ObjectFieldHide.ObjectFieldHidden;
        break;
      case 3:
        hide = ObjectFieldHide.ObjectFieldVisible;
        break;
      default:
        throw bad();
    }
    return { opFodder, plusSugar, hide };
  }

  parseObjectRemainderComp(
    fields: ObjectFields,
    gotComma: boolean,
    tok: Token,
    next: Token,
  ): { node: Node; last: Token } {
    let numFields = 0;
    let numAsserts = 0;
    let field: ObjectField | null = null;
    for (const f of fields) {
      if (f.kind === ObjectFieldKind.ObjectLocal) continue;
      if (f.kind === ObjectFieldKind.ObjectAssert) {
        numAsserts++;
        continue;
      }
      numFields++;
      field = f;
    }

    if (numAsserts > 0) {
      throw makeStaticError('Object comprehension cannot have asserts', next.loc);
    }
    if (numFields !== 1 || field === null) {
      throw makeStaticError('Object comprehension can only have one field', next.loc);
    }
    if (field.hide !== ObjectFieldHide.ObjectFieldInherit) {
      throw makeStaticError('Object comprehensions cannot have hidden fields', next.loc);
    }
    if (field.kind !== ObjectFieldKind.ObjectFieldExpr) {
      throw makeStaticError('Object comprehensions can only have [e] fields', next.loc);
    }
    const { spec, last } = this.parseComprehensionSpecs(next, TokenKind.tokenBraceR);
    return {
      node: new ObjectComp({
        locRange: locFromTokens(tok, last),
        fodder: tok.fodder,
        fields,
        trailingComma: gotComma,
        spec,
        closeFodder: last.fodder,
      }),
      last,
    };
  }

  parseObjectRemainderField(literalFields: Set<string>, next: Token): ObjectField {
    let kind: ObjectFieldKind;
    let fodder1: Fodder = [];
    let expr1: Node | null = null;
    let id: Identifier | null = null;
    let fodder2: Fodder = [];

    switch (next.kind) {
      case TokenKind.tokenIdentifier:
        kind = ObjectFieldKind.ObjectFieldID;
        id = next.data;
        fodder1 = next.fodder;
        break;
      case TokenKind.tokenStringDouble:
      case TokenKind.tokenStringSingle:
      case TokenKind.tokenStringBlock:
      case TokenKind.tokenVerbatimStringDouble:
      case TokenKind.tokenVerbatimStringSingle:
        kind = ObjectFieldKind.ObjectFieldStr;
        expr1 = tokenStringToAst(next);
        break;
      default: {
        fodder1 = next.fodder;
        kind = ObjectFieldKind.ObjectFieldExpr;
        expr1 = this.parse(MaxPrecedence);
        const bracketR = this.popExpect(TokenKind.tokenBracketR);
        fodder2 = bracketR.fodder;
      }
    }

    let isMethod = false;
    let methComma = false;
    let parenL: Token | null = null;
    let parenR: Token | null = null;
    let params: Parameter[] = [];
    if (this.peek().kind === TokenKind.tokenParenL) {
      parenL = this.pop();
      ({ parenR, params, gotComma: methComma } = this.parseParameters('method parameter'));
      isMethod = true;
    }

    const { opFodder, plusSugar, hide } = this.parseObjectAssignmentOp();

    if (plusSugar && isMethod) {
      throw makeStaticError(`Cannot use +: syntax sugar in a method: ${next.data}`, next.loc);
    }

    if (kind !== ObjectFieldKind.ObjectFieldExpr) {
      if (literalFields.has(next.data)) {
        throw makeStaticError(`Duplicate field: ${next.data}`, next.loc);
      }
      literalFields.add(next.data);
    }

    const body = this.parse(MaxPrecedence);

    let method: Function | null = null;
    if (isMethod && parenL !== null && parenR !== null) {
      method = new Function({
        parenLeftFodder: parenL.fodder,
        parameters: params,
        trailingComma: methComma,
        parenRightFodder: parenR.fodder,
        body,
      });
    }

    let commaFodder: Fodder = [];
    if (this.peek().kind === TokenKind.tokenComma) commaFodder = this.peek().fodder;

    return new ObjectField({
      kind,
      hide,
      superSugar: plusSugar,
      method,
      fodder1,
      expr1,
      id,
      fodder2,
      opFodder,
      expr2: body,
      commaFodder,
      locRange: locFromTokenAST(next, body),
    });
  }

  parseObjectRemainderLocal(binds: Set<string>, next: Token): ObjectField {
    const varID = this.popExpect(TokenKind.tokenIdentifier);

    const id = varID.data;

    if (binds.has(id)) throw makeStaticError(`Duplicate local var: ${id}`, varID.loc);

    let isMethod = false;
    let funcComma = false;
    let parenL: Token | null = null;
    let parenR: Token | null = null;
    let params: Parameter[] = [];
    if (this.peek().kind === TokenKind.tokenParenL) {
      parenL = this.pop();
      isMethod = true;
      ({ parenR, params, gotComma: funcComma } = this.parseParameters('function parameter'));
    }
    const opToken = this.popExpectOp('=');

    const body = this.parse(MaxPrecedence);

    let method: Function | null = null;
    if (isMethod && parenL !== null && parenR !== null) {
      method = new Function({
        parenLeftFodder: parenL.fodder,
        parameters: params,
        parenRightFodder: parenR.fodder,
        trailingComma: funcComma,
        body,
      });
    }

    binds.add(id);

    let commaFodder: Fodder = [];
    if (this.peek().kind === TokenKind.tokenComma) commaFodder = this.peek().fodder;

    return new ObjectField({
      kind: ObjectFieldKind.ObjectLocal,
      hide: ObjectFieldHide.ObjectFieldVisible,
      superSugar: false,
      method,
      fodder1: next.fodder,
      fodder2: varID.fodder,
      id,
      opFodder: opToken.fodder,
      expr2: body,
      commaFodder,
      locRange: locFromTokenAST(varID, body),
    });
  }

  parseObjectRemainderAssert(next: Token): ObjectField {
    const cond = this.parse(MaxPrecedence);
    let lastAST = cond; // for determining location
    let msg: Node | null = null;
    let colonFodder: Fodder = [];
    if (this.peek().kind === TokenKind.tokenOperator && this.peek().data === ':') {
      const colonToken = this.pop();
      colonFodder = colonToken.fodder;
      msg = this.parse(MaxPrecedence);
      lastAST = msg;
    }

    let commaFodder: Fodder = [];
    if (this.peek().kind === TokenKind.tokenComma) commaFodder = this.peek().fodder;

    return new ObjectField({
      kind: ObjectFieldKind.ObjectAssert,
      hide: ObjectFieldHide.ObjectFieldVisible,
      fodder1: next.fodder,
      expr2: cond,
      opFodder: colonFodder,
      expr3: msg,
      commaFodder,
      locRange: locFromTokenAST(next, lastAST),
    });
  }

  /** Parses an object or object comprehension after its '{' (tok). */
  parseObjectRemainder(tok: Token): { node: Node; last: Token } {
    const fields: ObjectFields = [];
    const literalFields = new Set<string>();
    const binds = new Set<string>();

    let gotComma = false;
    let first = true;

    let next = this.pop();

    for (;;) {
      if (next.kind === TokenKind.tokenBraceR) {
        return {
          node: new ObjectNode({
            locRange: locFromTokens(tok, next),
            fodder: tok.fodder,
            fields,
            trailingComma: gotComma,
            closeFodder: next.fodder,
          }),
          last: next,
        };
      }

      if (next.kind === TokenKind.tokenFor) {
        // It's a comprehension.
        return this.parseObjectRemainderComp(fields, gotComma, tok, next);
      }

      if (!gotComma && !first) {
        throw makeStaticError('Expected a comma before next field', next.loc);
      }

      let field: ObjectField;
      switch (next.kind) {
        case TokenKind.tokenBracketL:
        case TokenKind.tokenIdentifier:
        case TokenKind.tokenStringDouble:
        case TokenKind.tokenStringSingle:
        case TokenKind.tokenStringBlock:
        case TokenKind.tokenVerbatimStringDouble:
        case TokenKind.tokenVerbatimStringSingle:
          field = this.parseObjectRemainderField(literalFields, next);
          break;
        case TokenKind.tokenLocal:
          field = this.parseObjectRemainderLocal(binds, next);
          break;
        case TokenKind.tokenAssert:
          field = this.parseObjectRemainderAssert(next);
          break;
        default:
          throw makeUnexpectedError(next, 'parsing field definition');
      }
      fields.push(field);

      next = this.pop();
      if (next.kind === TokenKind.tokenComma) {
        gotComma = true;
        next = this.pop();
      } else {
        gotComma = false;
      }

      first = false;
    }
  }

  /** Parses for x in expr for y in expr if expr for z in expr ... */
  parseComprehensionSpecs(forToken: Token, end: TokenKind): { spec: ForSpec; last: Token } {
    let outer: ForSpec | null = null;
    for (;;) {
      const ifSpecs: IfSpec[] = [];

      const varID = this.popExpect(TokenKind.tokenIdentifier);
      const id = varID.data;
      const inToken = this.popExpect(TokenKind.tokenIn);
      const arr = this.parse(MaxPrecedence);
      const forSpec: ForSpec = new ForSpec({
        forFodder: forToken.fodder,
        varFodder: varID.fodder,
        varName: id,
        inFodder: inToken.fodder,
        expr: arr,
        outer,
      });

      let maybeIf = this.pop();
      for (; maybeIf.kind === TokenKind.tokenIf; maybeIf = this.pop()) {
        const cond = this.parse(MaxPrecedence);
        ifSpecs.push(new IfSpec({ ifFodder: maybeIf.fodder, expr: cond }));
      }
      forSpec.conditions = ifSpecs;
      if (maybeIf.kind === end) return { spec: forSpec, last: maybeIf };

      if (maybeIf.kind !== TokenKind.tokenFor) {
        throw makeStaticError(
          `Expected for, if or ${tokenKindString(end)} after for clause, got: ${maybeIf.toString()}`,
          maybeIf.loc,
        );
      }

      // Go recurses here with (maybeIf, forSpec).
      forToken = maybeIf;
      outer = forSpec;
    }
  }

  /** Parses an array or array comprehension after its '[' (tok), up to and including ']'. */
  parseArray(tok: Token): Node {
    if (this.peek().kind === TokenKind.tokenBracketR) {
      const bracketR = this.pop();
      return new Array({
        locRange: locFromTokens(tok, bracketR),
        fodder: tok.fodder,
        closeFodder: bracketR.fodder,
      });
    }

    const first = this.parse(MaxPrecedence);
    let gotComma = false;
    let commaFodder: Fodder = [];
    if (this.peek().kind === TokenKind.tokenComma) {
      const comma = this.pop();
      gotComma = true;
      commaFodder = comma.fodder;
    }

    if (this.peek().kind === TokenKind.tokenFor) {
      // It's a comprehension.
      const forToken = this.pop();
      const { spec, last } = this.parseComprehensionSpecs(forToken, TokenKind.tokenBracketR);
      return new ArrayComp({
        locRange: locFromTokens(tok, last),
        fodder: tok.fodder,
        body: first,
        trailingComma: gotComma,
        trailingCommaFodder: commaFodder,
        spec,
        closeFodder: last.fodder,
      });
    }

    // Not a comprehension: it can have more elements.
    const elements = [new CommaSeparatedExpr({ expr: first, commaFodder })];

    let bracketR: Token;
    for (;;) {
      const next = this.peek();

      if (next.kind === TokenKind.tokenBracketR) {
        bracketR = this.pop();
        break;
      }
      if (!gotComma) {
        throw makeStaticError('Expected a comma before next array element', next.loc);
      }
      const nextElem = this.parse(MaxPrecedence);

      const element = new CommaSeparatedExpr({ expr: nextElem });
      if (this.peek().kind === TokenKind.tokenComma) {
        const comma = this.pop();
        gotComma = true;
        element.commaFodder = comma.fodder;
      } else {
        gotComma = false;
      }
      elements.push(element);
    }

    return new Array({
      locRange: locFromTokens(tok, bracketR),
      fodder: tok.fodder,
      elements,
      trailingComma: gotComma,
      closeFodder: bracketR.fodder,
    });
  }

  parseTerminal(): Node {
    const tok = this.pop();
    switch (tok.kind) {
      case TokenKind.tokenAssert:
      case TokenKind.tokenBraceR:
      case TokenKind.tokenBracketR:
      case TokenKind.tokenComma:
      case TokenKind.tokenDot:
      case TokenKind.tokenElse:
      case TokenKind.tokenError:
      case TokenKind.tokenFor:
      case TokenKind.tokenFunction:
      case TokenKind.tokenIf:
      case TokenKind.tokenIn:
      case TokenKind.tokenImport:
      case TokenKind.tokenImportStr:
      case TokenKind.tokenImportBin:
      case TokenKind.tokenLocal:
      case TokenKind.tokenOperator:
      case TokenKind.tokenParenR:
      case TokenKind.tokenSemicolon:
      case TokenKind.tokenTailStrict:
      case TokenKind.tokenThen:
        throw makeUnexpectedError(tok, 'parsing terminal');

      case TokenKind.tokenEndOfFile:
        throw makeStaticError('Unexpected end of file', tok.loc);

      case TokenKind.tokenBraceL:
        return this.parseObjectRemainder(tok).node;

      case TokenKind.tokenBracketL:
        return this.parseArray(tok);

      case TokenKind.tokenParenL: {
        const inner = this.parse(MaxPrecedence);
        const tokRight = this.popExpect(TokenKind.tokenParenR);
        return new Parens({
          locRange: locFromTokens(tok, tokRight),
          fodder: tok.fodder,
          inner,
          closeFodder: tokRight.fodder,
        });
      }

      // Literals
      case TokenKind.tokenNumber:
        return new LiteralNumber({ locRange: tok.loc, fodder: tok.fodder, originalString: tok.data });
      case TokenKind.tokenStringDouble:
      case TokenKind.tokenStringSingle:
      case TokenKind.tokenStringBlock:
      case TokenKind.tokenVerbatimStringDouble:
      case TokenKind.tokenVerbatimStringSingle:
        return tokenStringToAst(tok);
      case TokenKind.tokenFalse:
        return new LiteralBoolean({ locRange: tok.loc, fodder: tok.fodder, value: false });
      case TokenKind.tokenTrue:
        return new LiteralBoolean({ locRange: tok.loc, fodder: tok.fodder, value: true });
      case TokenKind.tokenNullLit:
        return new LiteralNull({ locRange: tok.loc, fodder: tok.fodder });

      // Variables
      case TokenKind.tokenDollar:
        return new Dollar({ locRange: tok.loc, fodder: tok.fodder });
      case TokenKind.tokenIdentifier:
        return new Var({ locRange: tok.loc, fodder: tok.fodder, id: tok.data });
      case TokenKind.tokenSelf:
        return new Self({ locRange: tok.loc, fodder: tok.fodder });
      case TokenKind.tokenSuper: {
        const next = this.pop();
        let index: Node | null = null;
        let id: Identifier | null = null;
        let idFodder: Fodder = [];
        switch (next.kind) {
          case TokenKind.tokenDot: {
            const fieldID = this.popExpect(TokenKind.tokenIdentifier);
            idFodder = fieldID.fodder;
            id = fieldID.data;
            break;
          }
          case TokenKind.tokenBracketL: {
            index = this.parse(MaxPrecedence);
            const bracketR = this.popExpect(TokenKind.tokenBracketR);
            idFodder = bracketR.fodder;
            break;
          }
          default:
            throw makeStaticError('Expected . or [ after super', tok.loc);
        }
        return new SuperIndex({
          locRange: tok.loc,
          fodder: tok.fodder,
          dotFodder: next.fodder,
          index,
          idFodder,
          id,
        });
      }
    }

    throw makeStaticError(`INTERNAL ERROR: Unknown tok kind: ${tokenKindString(tok.kind)}`, tok.loc);
  }

  /** import, importstr or importbin, whose keyword (begin) is consumed. */
  parseImport(begin: Token): Node {
    const body = this.parse(MaxPrecedence);
    if (body instanceof LiteralString) {
      if (body.kind === LiteralStringKind.StringBlock) {
        throw makeStaticError('Block string literals not allowed in imports', body.locRange);
      }
      const init = { locRange: locFromTokenAST(begin, body), fodder: begin.fodder, file: body };
      if (begin.kind === TokenKind.tokenImport) return new Import(init);
      if (begin.kind === TokenKind.tokenImportStr) return new ImportStr(init);
      return new ImportBin(init);
    }
    throw makeStaticError('Computed imports are not allowed', body.locRange);
  }

  parse(prec: Precedence): Node {
    const begin = this.peek();

    switch (begin.kind) {
      // These cases have effectively MaxPrecedence as the first call to parse will parse them.
      case TokenKind.tokenAssert: {
        this.pop();
        const cond = this.parse(MaxPrecedence);
        let msg: Node | null = null;
        let colonFodder: Fodder = [];
        if (this.peek().kind === TokenKind.tokenOperator && this.peek().data === ':') {
          const colon = this.pop();
          colonFodder = colon.fodder;
          msg = this.parse(MaxPrecedence);
        }
        const semicolon = this.popExpect(TokenKind.tokenSemicolon);
        const rest = this.parse(MaxPrecedence);
        return new Assert({
          locRange: locFromTokenAST(begin, rest),
          fodder: begin.fodder,
          cond,
          colonFodder,
          message: msg,
          semicolonFodder: semicolon.fodder,
          rest,
        });
      }

      case TokenKind.tokenError: {
        this.pop();
        const expr = this.parse(MaxPrecedence);
        return new ErrorNode({ locRange: locFromTokenAST(begin, expr), fodder: begin.fodder, expr });
      }

      case TokenKind.tokenIf: {
        this.pop();
        const cond = this.parse(MaxPrecedence);
        const thenToken = this.popExpect(TokenKind.tokenThen);
        const branchTrue = this.parse(MaxPrecedence);
        let branchFalse: Node | null = null;
        let elseFodder: Fodder = [];
        let lr = locFromTokenAST(begin, branchTrue);
        if (this.peek().kind === TokenKind.tokenElse) {
          const elseToken = this.pop();
          elseFodder = elseToken.fodder;
          branchFalse = this.parse(MaxPrecedence);
          lr = locFromTokenAST(begin, branchFalse);
        }
        return new Conditional({
          locRange: lr,
          fodder: begin.fodder,
          cond,
          thenFodder: thenToken.fodder,
          branchTrue,
          elseFodder,
          branchFalse,
        });
      }

      case TokenKind.tokenFunction: {
        this.pop();
        const next = this.pop();
        if (next.kind !== TokenKind.tokenParenL) {
          throw makeStaticError(`Expected ( but got ${next.toString()}`, next.loc);
        }
        const { parenR, params, gotComma } = this.parseParameters('function parameter');
        const body = this.parse(MaxPrecedence);
        return new Function({
          locRange: locFromTokenAST(begin, body),
          fodder: begin.fodder,
          parenLeftFodder: next.fodder,
          parameters: params,
          trailingComma: gotComma,
          parenRightFodder: parenR.fodder,
          body,
        });
      }

      case TokenKind.tokenImport:
      case TokenKind.tokenImportStr:
      case TokenKind.tokenImportBin:
        this.pop();
        return this.parseImport(begin);

      case TokenKind.tokenLocal: {
        this.pop();
        const binds: LocalBinds = [];
        for (;;) {
          const delim = this.parseBind(binds);
          if (delim.kind === TokenKind.tokenSemicolon) break;
        }
        const body = this.parse(MaxPrecedence);
        return new Local({
          locRange: locFromTokenAST(begin, body),
          fodder: begin.fodder,
          binds,
          body,
        });
      }

      default:
        break;
    }

    // Go recurses from prec down to the unary level or to 0 (a terminal), then each level runs
    // its binary operator loop on the way back. The descent is a loop here, so that deep nesting
    // does not cost 17 stack frames per level.
    let lhs: Node;
    let level: Precedence = 0;
    if (begin.kind === TokenKind.tokenOperator) {
      const uop = uopMap.get(begin.data);
      if (uop === undefined) {
        throw makeStaticError(`Not a unary operator: ${begin.data}`, begin.loc);
      }
      if (prec >= UnaryPrecedence) {
        const op = this.pop();
        const expr = this.parse(UnaryPrecedence);
        lhs = new Unary({
          locRange: locFromTokenAST(op, expr),
          fodder: begin.fodder,
          op: uop,
          expr,
        });
        level = UnaryPrecedence;
      } else {
        lhs = this.parseTerminal();
      }
    } else {
      lhs = this.parseTerminal();
    }
    // A level's loop returns at once unless the next token is an operator of that level, so
    // go straight to the next token's level instead of calling each level in turn. A token that
    // no level takes (`,`, `}`, `;`, …) ends the expression at every level, as does one of a
    // level already done or above prec.
    for (let p = level + 1; p <= prec;) {
      const tokenLevel = this.peekBinaryLevel();
      if (tokenLevel < p || tokenLevel > prec) break;
      lhs = this.parseBinaryLevel(tokenLevel, begin, lhs);
      p = tokenLevel + 1;
    }
    return lhs;
  }

  /**
   * The precedence level whose loop in parseBinaryLevel takes the next token, or 0 if none does.
   * Throws as that loop does for an operator that is not a binary one.
   */
  peekBinaryLevel(): Precedence {
    const peeked = this.peek();
    switch (peeked.kind) {
      case TokenKind.tokenIn:
        return binaryOpPrecedence(BinaryOp.BopIn);
      case TokenKind.tokenOperator: {
        if (peeked.data === ':' || peeked.data === '::') return 0;
        const b = bopMap.get(peeked.data);
        if (b === undefined) {
          throw makeStaticError(`Not a binary operator: ${peeked.data}`, peeked.loc);
        }
        return binaryOpPrecedence(b);
      }
      case TokenKind.tokenDot:
      case TokenKind.tokenBracketL:
      case TokenKind.tokenParenL:
      case TokenKind.tokenBraceL:
        return ApplyPrecedence;
      default:
        return 0;
    }
  }

  /** The binary operators of one precedence level after lhs (the loop in Go's parse). */
  parseBinaryLevel(prec: Precedence, begin: Token, lhs: Node): Node {
    for (;;) {
      // Then next token must be a binary operator.
      let bop: BinaryOp = BinaryOp.BopMult;

      // Check precedence is correct for this level. If we're parsing operators with higher
      // precedence, then return lhs and let lower levels deal with the operator.
      const peeked = this.peek();
      switch (peeked.kind) {
        case TokenKind.tokenIn:
          bop = BinaryOp.BopIn;
          if (binaryOpPrecedence(bop) !== prec) return lhs;
          break;
        case TokenKind.tokenOperator: {
          // Special case for the colons in assert: COLON is no longer a special token, so it
          // must not trip the binary operator test below; it ends the expression here.
          if (peeked.data === ':') return lhs;
          // Special case for [e::]: stop parsing e at the ::.
          if (peeked.data === '::') return lhs;
          const b = bopMap.get(peeked.data);
          if (b === undefined) {
            throw makeStaticError(`Not a binary operator: ${peeked.data}`, peeked.loc);
          }
          bop = b;
          if (binaryOpPrecedence(bop) !== prec) return lhs;
          break;
        }
        case TokenKind.tokenDot:
        case TokenKind.tokenBracketL:
        case TokenKind.tokenParenL:
        case TokenKind.tokenBraceL:
          if (ApplyPrecedence !== prec) return lhs;
          break;
        default:
          return lhs;
      }

      const op = this.pop();
      switch (op.kind) {
        case TokenKind.tokenBracketL: {
          // Handle slice.
          const indexes: (Node | null)[] = [null, null, null];
          const fodders: Fodder[] = [[], [], []];
          let colonsConsumed = 0;

          let end: Token | null = null;
          let readyForNextIndex = true;
          let rightBracketFodder: Fodder = [];
          while (colonsConsumed < 3) {
            if (this.peek().kind === TokenKind.tokenBracketR) {
              end = this.pop();
              rightBracketFodder = end.fodder;
              break;
            } else if (this.peek().data === ':') {
              end = this.pop();
              fodders[colonsConsumed] = end.fodder;
              colonsConsumed++;
              readyForNextIndex = true;
            } else if (this.peek().data === '::') {
              end = this.pop();
              fodders[colonsConsumed] = end.fodder;
              colonsConsumed += 2;
              readyForNextIndex = true;
            } else if (readyForNextIndex) {
              indexes[colonsConsumed] = this.parse(MaxPrecedence);
              readyForNextIndex = false;
            } else {
              throw this.unexpectedTokenError(TokenKind.tokenBracketR, this.peek());
            }
          }
          // end is set: the loop ends on ']' or after consuming a colon.
          const endTok = end as Token;
          if (colonsConsumed > 2) {
            // example: target[42:42:42:42]
            throw makeStaticError('Invalid slice: too many colons', endTok.loc);
          }
          if (colonsConsumed === 0 && readyForNextIndex) {
            // example: target[]
            throw makeStaticError('ast.Index requires an expression', endTok.loc);
          }
          const isSlice = colonsConsumed > 0;

          if (isSlice) {
            lhs = new Slice({
              locRange: locFromTokens(begin, endTok),
              fodder: [],
              target: lhs,
              leftBracketFodder: op.fodder,
              beginIndex: indexes[0],
              endColonFodder: fodders[0],
              endIndex: indexes[1],
              stepColonFodder: fodders[1],
              step: indexes[2],
              rightBracketFodder,
            });
          } else {
            lhs = new Index({
              locRange: locFromTokens(begin, endTok),
              fodder: [],
              target: lhs,
              leftBracketFodder: op.fodder,
              index: indexes[0],
              rightBracketFodder,
            });
          }
          break;
        }
        case TokenKind.tokenDot: {
          const fieldID = this.popExpect(TokenKind.tokenIdentifier);
          lhs = new Index({
            locRange: locFromTokens(begin, fieldID),
            fodder: [],
            target: lhs,
            leftBracketFodder: op.fodder,
            id: fieldID.data,
            rightBracketFodder: fieldID.fodder,
          });
          break;
        }
        case TokenKind.tokenParenL: {
          const { end, args, gotComma } = this.parseArguments('function argument');
          let tailStrict = false;
          let tailStrictFodder: Fodder = [];
          if (this.peek().kind === TokenKind.tokenTailStrict) {
            const tailStrictTok = this.pop();
            tailStrictFodder = tailStrictTok.fodder;
            tailStrict = true;
          }
          lhs = new Apply({
            locRange: locFromTokens(begin, end),
            fodder: [],
            target: lhs,
            fodderLeft: op.fodder,
            arguments: args,
            trailingComma: gotComma,
            fodderRight: end.fodder,
            tailStrict,
            tailStrictFodder,
          });
          break;
        }
        case TokenKind.tokenBraceL: {
          const { node: obj, last: end } = this.parseObjectRemainder(op);
          lhs = new ApplyBrace({
            locRange: locFromTokens(begin, end),
            fodder: [],
            left: lhs,
            right: obj,
          });
          break;
        }
        default:
          if (op.kind === TokenKind.tokenIn && this.peek().kind === TokenKind.tokenSuper) {
            const superTok = this.pop();
            lhs = new InSuper({
              locRange: locFromTokens(begin, superTok),
              fodder: [],
              index: lhs,
              inFodder: op.fodder,
              superFodder: superTok.fodder,
            });
          } else {
            const rhs = this.parse(prec - 1);
            lhs = new Binary({
              locRange: locFromTokenAST(begin, rhs),
              fodder: [],
              left: lhs,
              opFodder: op.fodder,
              op: bop,
              right: rhs,
            });
          }
      }
    }
  }
}

/** A string token as a LiteralString; single and double quoted ones must unescape. */
function tokenStringToAst(tok: Token): LiteralString {
  let kind: LiteralStringKind;
  let validate = true;

  switch (tok.kind) {
    case TokenKind.tokenStringSingle:
      kind = LiteralStringKind.StringSingle;
      break;
    case TokenKind.tokenStringDouble:
      kind = LiteralStringKind.StringDouble;
      break;
    case TokenKind.tokenStringBlock:
      kind = LiteralStringKind.StringBlock;
      validate = false;
      break;
    case TokenKind.tokenVerbatimStringDouble:
      kind = LiteralStringKind.VerbatimStringDouble;
      validate = false;
      break;
    case TokenKind.tokenVerbatimStringSingle:
      kind = LiteralStringKind.VerbatimStringSingle;
      validate = false;
      break;
    default:
      throw new Error(`Not a string token ${tok.toString()}`);
  }
  // One constructor call for the five cases of Go's switch (only a block sets the indents; a
  // token's are '' otherwise, the LiteralString defaults).
  const node = new LiteralString({
    locRange: tok.loc,
    fodder: tok.fodder,
    value: tok.data,
    kind,
    blockIndent: tok.stringBlockIndent,
    blockTermIndent: tok.stringBlockTermIndent,
  });

  if (validate) {
    try {
      stringUnescape(node.locRange, node.value);
    } catch (e) {
      // As in Go, the message is the whole error text, location included.
      if (e instanceof StaticError) throw makeStaticError(e.error(), tok.loc);
      throw e;
    }
  }

  return node;
}

// ---------------------------------------------------------------------------

/**
 * Parses tokens into a raw AST; also returns the fodder after the final token. Throws
 * StaticError (Go's Parse).
 */
export function parseTokens(t: Tokens): { node: Node; finalFodder: Fodder } {
  const p = new Parser(t);
  const expr = p.parse(MaxPrecedence);
  const eof = p.peek();

  if (eof.kind !== TokenKind.tokenEndOfFile) {
    throw makeStaticError(`Did not expect: ${eof.toString()}`, eof.loc);
  }

  return { node: expr, finalFodder: eof.fodder };
}

/** Go's Parse, throwing kf's static JsonnetError. */
export function parse(t: Tokens): { node: Node; finalFodder: Fodder } {
  try {
    return parseTokens(t);
  } catch (e) {
    if (e instanceof StaticError) throw toJsonnetError(e);
    throw e;
  }
}

/**
 * A Jsonnet snippet as a raw AST (no desugaring), with any fodder after the final token
 * (Go's SnippetToRawAST). Throws kf's static JsonnetError with go-jsonnet's message.
 */
export function snippetToRawAST(
  diagnosticFilename: string,
  snippet: string,
  importedFilename = '',
): { node: Node; finalFodder: Fodder } {
  try {
    return parseTokens(lexTokens(diagnosticFilename, importedFilename, snippet));
  } catch (e) {
    if (e instanceof StaticError) throw toJsonnetError(e);
    throw e;
  }
}
