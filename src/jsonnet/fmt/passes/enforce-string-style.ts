// Port of go-jsonnet v0.22 internal/formatter/enforce_string_style.go (Apache-2.0).
import { LiteralStringKind, type LiteralString } from '../ast.js';
import type { FormatOptions } from '../index.js';
import { Base, type Context } from '../pass.js';
import { stringEscape, stringUnescape } from '../strings.js';

/**
 * EnforceStringStyle's change to one literal (also made by LocalStyle): the quotes `style` asks
 * for, except that a string containing one kind of quote uses the other, to avoid escaping it.
 */
export function enforceStringStyle(lit: LiteralString, style: FormatOptions['stringStyle']): void {
  if (lit.kind === LiteralStringKind.StringBlock) {
    return;
  }
  if (lit.kind === LiteralStringKind.VerbatimStringDouble) {
    return;
  }
  if (lit.kind === LiteralStringKind.VerbatimStringSingle) {
    return;
  }

  let canonical: string;
  try {
    canonical = stringUnescape(lit.loc(), lit.value);
  } catch {
    throw new globalThis.Error('Badly formatted string, should have been caught in lexer.');
  }
  // Go counts the quotes; only whether there are any matters (indexOf looks in native code).
  const hasSingle = canonical.indexOf("'") !== -1;
  const hasDouble = canonical.indexOf('"') !== -1;
  if (hasSingle && hasDouble) {
    return; // Don't change it.
  }
  let useSingle = style === 's';

  if (hasSingle) {
    useSingle = false;
  }
  if (hasDouble) {
    useSingle = true;
  }

  // Change it.
  lit.value = stringEscape(canonical, useSingle);
  if (useSingle) {
    lit.kind = LiteralStringKind.StringSingle;
  } else {
    lit.kind = LiteralStringKind.StringDouble;
  }
}

/** EnforceStringStyle rewrites string literals in the quotes the options ask for (enforceStringStyle). */
export class EnforceStringStyle extends Base {
  constructor(private readonly options: FormatOptions) {
    super();
  }

  override literalString(lit: LiteralString, _ctx: Context): void {
    enforceStringStyle(lit, this.options.stringStyle);
  }
}
