// Port of go-jsonnet v0.22 internal/formatter/pretty_field_names.go (Apache-2.0).
import { fodderMoveFront, LiteralString, ObjectFieldKind, type Index, type ObjectField } from '../ast.js';
import { isValidIdentifier } from '../lexer.js';
import { Base, type Context } from '../pass.js';

/** PrettyFieldNames' change to an index (also made by LocalStyle): x['foo'] -> x.foo */
export function prettyIndex(index: Index): void {
  if (index.index !== null) {
    // Maybe we can use an id instead.
    const lit = index.index;
    if (lit instanceof LiteralString) {
      if (isValidIdentifier(lit.value)) {
        index.index = null;
        index.id = lit.value;
        index.rightBracketFodder = lit.fodder;
      }
    }
  }
}

/** PrettyFieldNames' change to a field (also made by LocalStyle): ['foo']: -> 'foo': -> foo: */
export function prettyFieldName(field: ObjectField): void {
  if (field.kind === ObjectFieldKind.ObjectFieldExpr) {
    // First try ["foo"] -> "foo".
    const lit = field.expr1;
    if (lit instanceof LiteralString) {
      field.kind = ObjectFieldKind.ObjectFieldStr;
      fodderMoveFront(lit.fodder, field.fodder1);
      if (field.method !== null) {
        fodderMoveFront(field.method.parenLeftFodder, field.fodder2);
      } else {
        fodderMoveFront(field.opFodder, field.fodder2);
      }
    }
  }
  if (field.kind === ObjectFieldKind.ObjectFieldStr) {
    // Then try "foo" -> foo.
    const lit = field.expr1;
    if (lit instanceof LiteralString) {
      if (isValidIdentifier(lit.value)) {
        field.kind = ObjectFieldKind.ObjectFieldID;
        field.id = lit.value;
        field.fodder1 = lit.fodder;
        field.expr1 = null;
      }
    }
  }
}

/** PrettyFieldNames forces minimal syntax with field lookups and definitions. */
export class PrettyFieldNames extends Base {
  override index(index: Index, ctx: Context): void {
    prettyIndex(index);
    super.index(index, ctx);
  }

  override objectField(field: ObjectField, ctx: Context): void {
    prettyFieldName(field);
    super.objectField(field, ctx);
  }
}
