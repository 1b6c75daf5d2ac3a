// Port of go-jsonnet v0.22 internal/formatter/sort_imports.go (Apache-2.0).
import {
  fodderAppend,
  fodderConcat,
  fodderEnsureCleanNewline,
  FodderElement,
  FodderKind,
  Import,
  Local,
  LocalBind,
  type Fodder,
  type LocalBinds,
  type Node,
} from '../ast.js';
import { compareCodePoints } from '../../std-pure/json.js';
import { leftRecursiveDeep, openFodder } from '../left-recursive.js';
import type { Ref } from '../pass.js';

interface ImportElem {
  adjacentFodder: Fodder;
  key: string;
  bind: LocalBind;
}

function sortGroup(imports: ImportElem[]): void {
  if (!duplicatedVariables(imports)) {
    // Go's sort.Slice by file name (byte order is code-point order). Go's sort is not stable, but
    // it is for groups of up to 12 (insertion sort); a larger group importing one file under two
    // names may order those two differently from jsonnetfmt.
    imports.sort((x, y) => compareCodePoints(x.key, y.key));
  }
}

/** Whether the `local` expression is used for importing. */
function isGoodLocal(local: Local): boolean {
  for (const bind of local.binds) {
    if (bind.fun !== null) {
      return false;
    }
    if (!(bind.body instanceof Import)) {
      return false;
    }
  }
  return true;
}

function goodLocalOrNull(node: Node): Local | null {
  if (node instanceof Local && isGoodLocal(node)) {
    return node;
  }
  return null;
}

/** Go copies a FodderElement when it appends it to another slice. */
function copyElement(el: FodderElement): FodderElement {
  return new FodderElement(el.comment, el.kind, el.blanks, el.indent);
}

/**
 * Splits fodder after the first new line / paragraph fodder, leaving blank lines after the
 * newline in the second half; fodderConcat of the two gives back the original.
 *
 * A heuristic that decides, for the fodder between two tokens, which part belongs to the previous
 * token and which to the next: in
 *
 *	prev_token // prev_token is awesome!
 *
 *	// blah blah
 *	next_token
 *
 * "// prev_token is awesome!\n" belongs to prev_token and "\n// blah blah\n" to next_token.
 */
function splitFodder(fodder: Fodder): [Fodder, Fodder] {
  const afterPrev: Fodder = [];
  const beforeNext: Fodder = [];
  let inSecondPart = false;
  for (const fodderElem of fodder) {
    if (inSecondPart) {
      fodderAppend(beforeNext, copyElement(fodderElem));
    } else {
      afterPrev.push(copyElement(fodderElem));
    }
    if (fodderElem.kind !== FodderKind.FodderInterstitial && !inSecondPart) {
      inSecondPart = true;
      if (fodderElem.blanks > 0) {
        // If there are any blank lines at the end of afterPrev, move them to beforeNext.
        afterPrev[afterPrev.length - 1].blanks = 0;
        if (beforeNext.length !== 0) {
          throw new globalThis.Error('beforeNext should still be empty.');
        }
        beforeNext.push(
          new FodderElement([], FodderKind.FodderLineEnd, fodderElem.blanks, fodderElem.indent),
        );
      }
    }
  }
  return [afterPrev, beforeNext];
}

function extractImportElems(binds: LocalBinds, after: Fodder): ImportElem[] {
  const result: ImportElem[] = [];
  let before = binds[0].varFodder;
  binds.forEach((bind, i) => {
    const last = i === binds.length - 1;
    let adjacent: Fodder;
    let beforeNext: Fodder = [];
    if (!last) {
      const next = binds[i + 1];
      [adjacent, beforeNext] = splitFodder(next.varFodder);
    } else {
      adjacent = after;
    }
    fodderEnsureCleanNewline(adjacent);
    const newBind = new LocalBind({ ...bind });
    newBind.varFodder = before;
    const theImport = bind.body as Import;
    result.push({ key: theImport.file.value, adjacentFodder: adjacent, bind: newBind });
    before = beforeNext;
  });
  return result;
}

function buildGroupAST(imports: ImportElem[], body: Node, groupOpenFodder: Fodder): Node {
  for (let i = imports.length - 1; i >= 0; i--) {
    const theImport = imports[i];
    const fodder = i === 0 ? groupOpenFodder : imports[i - 1].adjacentFodder;
    const local = new Local({ binds: [theImport.bind], body });
    local.fodder = fodder;
    body = local;
  }
  return body;
}

function duplicatedVariables(elems: ImportElem[]): boolean {
  const idents = new Set<string>();
  for (const elem of elems) {
    idents.add(elem.bind.variable);
  }
  return idents.size < elems.length;
}

function groupEndsAfter(local: Local): boolean {
  const next = goodLocalOrNull(local.body);
  if (next === null) {
    return true;
  }
  let newlineReached = false;
  for (const fodderElem of openFodder(next)) {
    if (newlineReached || fodderElem.blanks > 0) {
      return true;
    }
    if (fodderElem.kind !== FodderKind.FodderInterstitial) {
      newlineReached = true;
    }
  }
  return false;
}

function topLevelImport(local: Local, imports: ImportElem[], groupOpenFodder: Fodder): Node {
  if (!isGoodLocal(local)) {
    throw new globalThis.Error('topLevelImport called with bad local.');
  }
  const [adjacentCommentFodder, beforeNextFodder] = splitFodder(openFodder(local.body));
  fodderEnsureCleanNewline(adjacentCommentFodder);
  const newImports = extractImportElems(local.binds, adjacentCommentFodder);
  imports.push(...newImports);

  if (groupEndsAfter(local)) {
    sortGroup(imports);
    const afterGroup = imports[imports.length - 1].adjacentFodder;
    fodderEnsureCleanNewline(beforeNextFodder);
    const nextOpenFodder = fodderConcat(afterGroup, beforeNextFodder);
    let bodyAfterGroup: Node;
    // Process the code after the current group:
    const next = goodLocalOrNull(local.body);
    if (next !== null) {
      // Another group of imports
      bodyAfterGroup = topLevelImport(next, [], nextOpenFodder);
    } else {
      // Something else
      bodyAfterGroup = local.body;
      leftRecursiveDeep(bodyAfterGroup).fodder = nextOpenFodder;
    }

    return buildGroupAST(imports, bodyAfterGroup, groupOpenFodder);
  }

  if (beforeNextFodder.length > 0) {
    throw new globalThis.Error('Expected beforeNextFodder to be empty');
  }
  return topLevelImport(local.body as Local, imports, groupOpenFodder);
}

/**
 * SortImports sorts imports at the top of the file into alphabetical order by path.
 *
 * Top-level imports are `local x = import 'xxx.jsonnet'` expressions that go before anything else
 * in the file (the root of the AST or the body of a top-level import). Groups of imports,
 * separated by blank lines or lines containing comments, are kept.
 */
export function sortImports(file: Ref<Node>): void {
  const local = goodLocalOrNull(file.get());
  if (local !== null) {
    file.set(topLevelImport(local, [], openFodder(local)));
  }
}
