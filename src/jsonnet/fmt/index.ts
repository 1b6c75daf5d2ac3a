// `formatJsonnet`: Jsonnet source in, the same program laid out as go-jsonnet v0.22's jsonnetfmt
// prints it. Port of go-jsonnet v0.22 internal/formatter/jsonnetfmt.go (Apache-2.0).
import { staticError } from '../errors.js';
import { FodderKind, type Fodder, type Node } from './ast.js';
import { openFodder } from './left-recursive.js';
import { snippetToRawAST } from './parser.js';
import { ref, type Base } from './pass.js';
import { AddPlusObject } from './passes/add-plus-object.js';
import { EnforceCommentStyle } from './passes/enforce-comment-style.js';
import { EnforceStringStyle } from './passes/enforce-string-style.js';
import { FixIndentation } from './passes/fix-indentation.js';
import { FixNewlines, FixNewlinesCappingBlankLines } from './passes/fix-newlines.js';
import { FixParens } from './passes/fix-parens.js';
import { FixTrailingCommas } from './passes/fix-trailing-commas.js';
import { canFuseLocalStyle, LocalStyle } from './passes/local-style.js';
import { NoRedundantSliceColon } from './passes/no-redundant-slice-colon.js';
import { PrettyFieldNames } from './passes/pretty-field-names.js';
import { RemovePlusObject } from './passes/remove-plus-object.js';
import { sortImports } from './passes/sort-imports.js';
import { StripAllButComments, StripComments, StripEverything } from './passes/strip.js';
import { Unparser } from './unparser.js';

/**
 * How string literals are rewritten: 'd' "this", 's' 'this', 'l' left as found. A string that
 * contains a ' or a " uses the quotes that avoid escaping it.
 */
export type StringStyle = 'd' | 's' | 'l';

/** How comments are rewritten: 'h' #, 's' //, 'l' left as found. A #! hashbang is kept. */
export type CommentStyle = 'h' | 's' | 'l';

/** Go's formatter.Options. */
export interface FormatOptions {
  /** Spaces per indentation level (0: leave as found). */
  indent: number;
  /** Most consecutive blank lines kept (0: leave as found). */
  maxBlankLines: number;
  stringStyle: StringStyle;
  commentStyle: CommentStyle;
  /** Quote field names only where needed; use `.f` instead of `['f']`. */
  prettyFieldNames: boolean;
  /** [ 1, 2 ] instead of [1, 2]. */
  padArrays: boolean;
  /** { x: 1 } instead of {x: 1}. */
  padObjects: boolean;
  /** Sort the imports at the top of the file, in groups, by file name. */
  sortImports: boolean;
  /** Drop the + between a variable or field and an object (`a { }`); false adds it everywhere. */
  useImplicitPlus: boolean;
  stripEverything: boolean;
  stripComments: boolean;
  stripAllButComments: boolean;
}

/** Go's DefaultOptions(): jsonnetfmt's defaults. */
export const defaultFormatOptions: Readonly<FormatOptions> = Object.freeze({
  indent: 2,
  maxBlankLines: 2,
  stringStyle: 's',
  commentStyle: 's',
  prettyFieldNames: true,
  padArrays: false,
  padObjects: true,
  sortImports: true,
  useImplicitPlus: true,
  stripEverything: false,
  stripComments: false,
  stripAllButComments: false,
});

function removeInitialNewlines(node: Node): void {
  const f = openFodder(node);
  while (f.length > 0 && f[0].kind === FodderKind.FodderLineEnd) {
    f.shift();
  }
}

function removeExtraTrailingNewlines(finalFodder: Fodder): void {
  if (finalFodder.length > 0) {
    finalFodder[finalFodder.length - 1].blanks = 0;
  }
}

/** The AST of a file and the fodder after its last token, as passes see them (Go's pointers). */
interface FileSlots {
  node: Node;
  finalFodder: Fodder;
}

function visitFile(p: Base, file: FileSlots): void {
  p.file(ref(file, 'node'), ref(file, 'finalFodder'));
}

/**
 * Formats Jsonnet source as jsonnetfmt does. A source that does not parse throws the parser's
 * JsonnetError (a static error naming `filename`).
 */
export function formatJsonnet(
  filename: string,
  source: string,
  options: Partial<FormatOptions> = {},
): string {
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  try {
    const { node, finalFodder } = snippetToRawAST(filename, source);
    return formatNode(node, finalFodder, { ...defaultFormatOptions, ...set });
  } catch (error) {
    // The parser and passes recurse per nesting level; jsonnetfmt (Go stacks grow) does not stop.
    if (error instanceof RangeError && /call stack/.test(error.message)) {
      const start = { line: 1, column: 1, offset: 0 };
      throw staticError('too deeply nested to format (the host stack ran out)', {
        file: filename,
        start,
        end: start,
      });
    }
    throw error;
  }
}

/** The passes LocalStyle stands for, as Go runs them, with the strip passes in between. */
function passesOneByOne(options: FormatOptions, file: FileSlots): void {
  visitFile(new FixTrailingCommas(), file);
  visitFile(new FixParens(), file);
  if (options.useImplicitPlus) {
    visitFile(new RemovePlusObject(), file);
  } else {
    visitFile(new AddPlusObject(), file);
  }
  visitFile(new NoRedundantSliceColon(), file);
  if (options.stripComments) {
    visitFile(new StripComments(), file);
  } else if (options.stripAllButComments) {
    visitFile(new StripAllButComments(), file);
  } else if (options.stripEverything) {
    visitFile(new StripEverything(), file);
  }
  if (options.prettyFieldNames) {
    visitFile(new PrettyFieldNames(), file);
  }
  if (options.stringStyle !== 'l') {
    visitFile(new EnforceStringStyle(options), file);
  }
  if (options.commentStyle !== 'l') {
    visitFile(new EnforceCommentStyle(options), file);
  }
}

/** Formats an already parsed file (Go's FormatNode); the AST is changed in place. */
export function formatNode(node: Node, finalFodder: Fodder, options: FormatOptions): string {
  const file: FileSlots = { node, finalFodder };
  // Passes to enforce style on the AST.
  if (options.sortImports) {
    sortImports(ref(file, 'node'));
  }
  removeInitialNewlines(file.node);
  // EnforceMaxBlankLines and FixNewlines, in one walk when both run.
  visitFile(
    options.maxBlankLines > 0 ? new FixNewlinesCappingBlankLines(options.maxBlankLines) : new FixNewlines(),
    file,
  );
  if (canFuseLocalStyle(options)) {
    // passesOneByOne's seven passes in one walk (passes/local-style.ts).
    visitFile(new LocalStyle(options), file);
  } else {
    passesOneByOne(options, file);
  }
  if (options.indent > 0) {
    new FixIndentation(options).visitFile(file.node, file.finalFodder);
  }
  removeExtraTrailingNewlines(file.finalFodder);

  const u = new Unparser(options);
  u.unparse(file.node, false);
  u.fillFinal(file.finalFodder, true, false);
  const ff = file.finalFodder;
  if (ff.length === 0 || ff[ff.length - 1].kind === FodderKind.FodderInterstitial) {
    // Final whitespace is stripped at lexing time. If we didn't just output a new line in
    // fillFinal, then add a single new line to ensure Jsonnet files end with a new line.
    u.write('\n');
  }
  return u.string();
}
