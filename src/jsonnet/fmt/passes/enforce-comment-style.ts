// Port of go-jsonnet v0.22 internal/formatter/enforce_comment_style.go (Apache-2.0).
import { FodderKind, type FodderElement } from '../ast.js';
import type { FormatOptions } from '../index.js';
import { Base, type Context } from '../pass.js';

/**
 * EnforceCommentStyle's change to one fodder element (also made by LocalStyle): # and // comments
 * as `style` asks, except a #! in the first fodder of the file. Returns whether the first fodder
 * has been seen, given whether it had been.
 */
export function enforceCommentStyle(
  element: FodderElement,
  style: FormatOptions['commentStyle'],
  seenFirstFodder: boolean,
): boolean {
  if (element.kind === FodderKind.FodderInterstitial) {
    return seenFirstFodder;
  }
  if (element.comment.length === 1) {
    const comment = element.comment[0];
    if (style === 'h' && comment[0] === '/') {
      element.comment[0] = '#' + comment.slice(2);
    }
    if (style === 's' && comment[0] === '#') {
      if (!seenFirstFodder && comment.length > 1 && comment[1] === '!') {
        return seenFirstFodder;
      }
      element.comment[0] = '//' + comment.slice(1);
    }
  }
  return true;
}

/** EnforceCommentStyle rewrites # and // comments as the options ask; a leading #! is kept. */
export class EnforceCommentStyle extends Base {
  private seenFirstFodder = false;

  constructor(private readonly options: FormatOptions) {
    super();
  }

  override fodderElement(element: FodderElement, _ctx: Context): void {
    this.seenFirstFodder = enforceCommentStyle(element, this.options.commentStyle, this.seenFirstFodder);
  }
}
