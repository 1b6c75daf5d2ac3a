// Port of go-jsonnet v0.22 internal/formatter/enforce_max_blank_lines.go (Apache-2.0).
import { FodderKind, type FodderElement } from '../ast.js';
import type { FormatOptions } from '../index.js';
import { Base, type Context } from '../pass.js';

/** EnforceMaxBlankLines caps the number of consecutive blank lines. */
export class EnforceMaxBlankLines extends Base {
  constructor(private readonly options: FormatOptions) {
    super();
  }

  override fodderElement(element: FodderElement, _ctx: Context): void {
    if (element.kind !== FodderKind.FodderInterstitial) {
      if (element.blanks > this.options.maxBlankLines) {
        element.blanks = this.options.maxBlankLines;
      }
    }
  }
}
