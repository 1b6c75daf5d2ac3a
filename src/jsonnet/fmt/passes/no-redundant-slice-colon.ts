// Port of go-jsonnet v0.22 internal/formatter/no_redundant_slice_colon.go (Apache-2.0).
import { fodderMoveFront, type Slice } from '../ast.js';
import { Base, type Context } from '../pass.js';

/** NoRedundantSliceColon's change to one node (also made by LocalStyle). */
export function noRedundantSliceColon(slice: Slice): void {
  if (slice.step === null) {
    if (slice.stepColonFodder.length > 0) {
      fodderMoveFront(slice.rightBracketFodder, slice.stepColonFodder);
    }
  }
}

/** Keeps the fodder when arr[1::] is formatted as arr[1:]. */
export class NoRedundantSliceColon extends Base {
  override slice(slice: Slice, ctx: Context): void {
    noRedundantSliceColon(slice);
    super.slice(slice, ctx);
  }
}
