import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { unifiedDiff } from '../util/unified-diff.js';
import { KfCommand } from '../base-command.js';
import { formatFilesCached, FormattedCache } from '../cli/fmt-cache.js';
import { UserError } from '../errors.js';
import { JsonnetError } from '../jsonnet/errors.js';
import { compilingWithLaterOptimisation } from '../jsonnet/runtime.js';
import { formatJsonnet, type FormatOptions } from '../jsonnet/fmt/index.js';
import { decodeSource, DEFAULT_FMT_EXCLUDES, parseErrorLine } from '../workflow/fmt.js';
import { plural } from '../util/plural.js';

/** Exit code of `kf fmt --test` / `--diff` when some file is not formatted (as `kf diff`'s drift). */
export const UNFORMATTED_EXIT_CODE = 3;

export default class Fmt extends KfCommand {
  static override description = `Format Jsonnet files as jsonnetfmt (go-jsonnet v0.22) and tk fmt do

Folders are searched for *.jsonnet and *.libsonnet files, skipping hidden files and folders and vendor/ (--exclude replaces that list; globs are matched against the path below the folder named). A file named on the command line is always formatted. Only files whose text changes are rewritten. A file that does not parse is reported and the others are still formatted (exit 1). "-" formats standard input to standard output.

--test writes nothing, lists the files that are not formatted and exits ${UNFORMATTED_EXIT_CODE} when there are any; --diff does the same and prints what would change. The layout options are jsonnetfmt's, with its defaults.

Contents found formatted are remembered in $XDG_CACHE_HOME/kf/fmt (default ~/.cache/kf/fmt), by a hash of the bytes, kf's version and build and the layout options: a later run skips a file whose bytes are unchanged. --no-cache (or KF_NO_COMPILE_CACHE=1) formats every file.`;

  static override examples = [
    '<%= config.bin %> fmt',
    '<%= config.bin %> fmt components lib --test',
    '<%= config.bin %> fmt --diff',
    '<%= config.bin %> fmt - < main.jsonnet',
  ];

  static override strict = false;
  static override usage = 'fmt [PATH...] [--test | --diff | --stdout]';

  static override flags = {
    test: Flags.boolean({
      char: 't',
      description: `write nothing; list the files that are not formatted and exit ${UNFORMATTED_EXIT_CODE} if any`,
      exclusive: ['diff', 'stdout'],
    }),
    diff: Flags.boolean({
      description: `write nothing; print a unified diff of each file that is not formatted and exit ${UNFORMATTED_EXIT_CODE} if any`,
      exclusive: ['stdout'],
    }),
    stdout: Flags.boolean({ description: 'print the formatted files instead of writing them' }),
    exclude: Flags.string({
      char: 'e',
      description: `glob of paths not to search (repeatable; default: ${DEFAULT_FMT_EXCLUDES.join(' ')})`,
      multiple: true,
      multipleNonGreedy: true,
    }),
    verbose: Flags.boolean({ char: 'v', description: 'name every file checked' }),
    cache: Flags.boolean({
      description: 'skip files whose contents an earlier run found formatted (~/.cache/kf/fmt)',
      default: true,
      allowNo: true,
    }),
    indent: Flags.integer({
      char: 'n',
      description: 'spaces per indentation level (0: leave as is)',
      default: 2,
      min: 0,
    }),
    'max-blank-lines': Flags.integer({
      description: 'most consecutive blank lines kept (0: leave as is)',
      default: 2,
      min: 0,
    }),
    'string-style': Flags.string({
      description: 'quotes: d(ouble), s(ingle) or l(eave as is)',
      options: ['d', 's', 'l'],
      default: 's',
    }),
    'comment-style': Flags.string({
      description: 'comments: h (#), s (//) or l(eave as is); a #! line is never changed',
      options: ['h', 's', 'l'],
      default: 's',
    }),
    'pretty-field-names': Flags.boolean({
      description: 'quote field names only where needed',
      default: true,
      allowNo: true,
    }),
    'pad-arrays': Flags.boolean({
      description: '[ 1, 2, 3 ] instead of [1, 2, 3]',
      default: false,
      allowNo: true,
    }),
    'pad-objects': Flags.boolean({ description: '{ x: 1 } instead of {x: 1}', default: true, allowNo: true }),
    'sort-imports': Flags.boolean({
      description: 'sort the imports at the top of a file',
      default: true,
      allowNo: true,
    }),
    'use-implicit-plus': Flags.boolean({
      description: 'drop the + before an object that extends another',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Fmt);
    const paths = argv as string[];
    const format: Partial<FormatOptions> = {
      indent: flags.indent,
      maxBlankLines: flags['max-blank-lines'],
      stringStyle: flags['string-style'] as FormatOptions['stringStyle'],
      commentStyle: flags['comment-style'] as FormatOptions['commentStyle'],
      prettyFieldNames: flags['pretty-field-names'],
      padArrays: flags['pad-arrays'],
      padObjects: flags['pad-objects'],
      sortImports: flags['sort-imports'],
      useImplicitPlus: flags['use-implicit-plus'],
    };

    if (paths.includes('-')) {
      if (paths.length > 1)
        throw new UserError('"-" (standard input) cannot be mixed with paths', { exitCode: 2 });
      this.formatStdin(format, flags.test, flags.diff);
      return;
    }

    const check = flags.test || flags.diff;
    const cache = flags.cache ? FormattedCache.forCli(this.config.version, format) : undefined;
    // Lexing, parsing and formatting run over each file once: V8 optimising them early costs more
    // than it saves (as for the engine's compile-cache misses).
    const result = compilingWithLaterOptimisation(() =>
      formatFilesCached(
        {
          paths: paths.length > 0 ? paths : ['.'],
          exclude: flags.exclude,
          check: check || flags.stdout,
          keepText: flags.diff || flags.stdout,
          format,
        },
        cache,
      ),
    );
    for (const file of result.files) {
      if (flags.verbose) process.stderr.write(`${file.changed ? 'fmt' : 'ok '} ${file.path}\n`);
      if (flags.stdout)
        process.stdout.write(result.files.length > 1 ? `// ${file.path}\n${file.after}` : file.after!);
      else if (flags.diff && file.changed)
        process.stdout.write(fileDiff(file.path, file.before!, file.after!));
      else if (flags.test && file.changed) process.stdout.write(`${file.path}\n`);
    }
    for (const failure of result.failures) process.stderr.write(`${failure.message}\n`);

    const total = result.files.length + result.failures.length;
    const n = result.files.filter((f) => f.changed).length;
    if (result.failures.length > 0) {
      throw new UserError(
        `${result.failures.length} of ${total} ${plural(total, 'file')} could not be formatted (above)`,
        { hint: 'fix the errors above and run kf fmt again' },
      );
    }
    if (check && n > 0) {
      throw new UserError(
        `${n} of ${total} ${plural(total, 'file')} ${n === 1 ? 'is' : 'are'} not formatted`,
        {
          hint: `run 'kf fmt${paths.length > 0 ? ` ${paths.join(' ')}` : ''}' and commit the result`,
          exitCode: UNFORMATTED_EXIT_CODE,
        },
      );
    }
    if (flags.stdout) return;
    if (total === 0) process.stderr.write('no Jsonnet files found\n');
    else if (n === 0 || check) process.stderr.write(`all ${total} ${plural(total, 'file')} formatted\n`);
    else process.stderr.write(`formatted ${n} of ${total} ${plural(total, 'file')}\n`);
  }

  /** `kf fmt -`: the formatted text on stdout; with --test nothing, with --diff the diff. */
  private formatStdin(format: Partial<FormatOptions>, test: boolean, diff: boolean): void {
    const before = decodeSource(readFileSync(0), '<stdin>');
    let after: string;
    try {
      after = formatJsonnet('<stdin>', before, format);
    } catch (error) {
      if (error instanceof JsonnetError) throw new UserError(parseErrorLine(error), { cause: error });
      throw error;
    }
    if (diff) process.stdout.write(after === before ? '' : fileDiff('<stdin>', before, after));
    else if (!test) process.stdout.write(after);
    if ((test || diff) && after !== before)
      throw new UserError('standard input is not formatted', { exitCode: UNFORMATTED_EXIT_CODE });
  }
}

function fileDiff(file: string, before: string, after: string): string {
  return unifiedDiff(`a/${file}`, `b/${file}`, before, after);
}
