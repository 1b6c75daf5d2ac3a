// Port of go-jsonnet v0.22 internal/formatter/strip.go (Apache-2.0): passes that remove comments
// and/or new lines (jsonnetfmt's CLI does not offer them; the API does).
import { FodderElement, FodderKind, LiteralNull, type Fodder, type Node } from '../ast.js';
import { Base, type Context, type Ref } from '../pass.js';

/** StripComments removes all comments. */
export class StripComments extends Base {
  override fodder(fodder: Ref<Fodder>, _ctx: Context): void {
    const newFodder: Fodder = [];
    for (const el of fodder.get()) {
      if (el.kind === FodderKind.FodderLineEnd) {
        newFodder.push(new FodderElement([], el.kind, el.blanks, el.indent));
      }
    }
    fodder.set(newFodder);
  }
}

/** StripEverything removes all comments and newlines. */
export class StripEverything extends Base {
  override fodder(fodder: Ref<Fodder>, _ctx: Context): void {
    fodder.set([]);
  }
}

/** StripAllButComments removes all newlines and moves every comment to the top of the file. */
export class StripAllButComments extends Base {
  private comments: Fodder = [];

  /** Remembers all the comments in this.comments. */
  override fodder(fodder: Ref<Fodder>, _ctx: Context): void {
    for (const el of fodder.get()) {
      if (el.kind === FodderKind.FodderParagraph) {
        this.comments.push(new FodderElement(el.comment, FodderKind.FodderParagraph, 0, 0));
      } else if (el.kind === FodderKind.FodderInterstitial) {
        this.comments.push(new FodderElement(el.comment, el.kind, el.blanks, el.indent));
        this.comments.push(new FodderElement([], FodderKind.FodderLineEnd, 0, 0));
      }
    }
    fodder.set([]);
  }

  /** Replaces the entire file with the remembered comments. */
  override file(node: Ref<Node>, finalFodder: Ref<Fodder>): void {
    super.file(node, finalFodder);
    const replacement = new LiteralNull();
    replacement.locRange = node.get().locRange;
    replacement.fodder = this.comments;
    node.set(replacement);
    finalFodder.set([]);
  }
}
