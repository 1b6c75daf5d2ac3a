// Port of go-jsonnet v0.22 internal/formatter/enforce_max_blank_lines.go (Apache-2.0): its change
// to one fodder element, which FixNewlinesCappingBlankLines makes in FixNewlines' walk.
import { FodderKind, type FodderElement } from '../ast.js';

/** EnforceMaxBlankLines caps the number of consecutive blank lines. */
export function capBlankLines(element: FodderElement, maxBlankLines: number): void {
  if (element.kind !== FodderKind.FodderInterstitial) {
    if (element.blanks > maxBlankLines) {
      element.blanks = maxBlankLines;
    }
  }
}
