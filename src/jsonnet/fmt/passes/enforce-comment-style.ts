// Port of go-jsonnet v0.22 internal/formatter/enforce_comment_style.go (Apache-2.0).
import { FodderKind, type FodderElement } from '../ast.js';
import type { FormatOptions } from '../index.js';
import { Base, type Context } from '../pass.js';

/** EnforceCommentStyle rewrites # and // comments as the options ask; a leading #! is kept. */
export class EnforceCommentStyle extends Base {
  private seenFirstFodder = false;

  constructor(private readonly options: FormatOptions) {
    super();
  }

  override fodderElement(element: FodderElement, _ctx: Context): void {
    if (element.kind !== FodderKind.FodderInterstitial) {
      if (element.comment.length === 1) {
        const comment = element.comment[0];
        if (this.options.commentStyle === 'h' && comment[0] === '/') {
          element.comment[0] = '#' + comment.slice(2);
        }
        if (this.options.commentStyle === 's' && comment[0] === '#') {
          if (!this.seenFirstFodder && comment.length > 1 && comment[1] === '!') {
            return;
          }
          element.comment[0] = '//' + comment.slice(1);
        }
      }
      this.seenFirstFodder = true;
    }
  }
}
