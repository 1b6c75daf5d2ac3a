import { relative } from 'node:path';
import { Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { jpathFlag } from '../render-flags.js';
import { textOrJsonFlag } from '../output-flag.js';
import { UserError } from '../errors.js';
import { loadAppIfAny } from '../app/app.js';
import { DEFAULT_FMT_EXCLUDES } from '../workflow/fmt.js';
import { lintFiles } from '../workflow/lint.js';
import { printJson } from '../cli/json-output.js';
import { plural } from '../util/plural.js';

export default class Lint extends KfCommand {
  static override description = `Lint Jsonnet files as tk lint and jsonnet-lint do (go-jsonnet v0.22's linter)

Reports unused variables, imports that do not resolve, calls with the wrong arguments (std functions included), indexing and calling values of the wrong type, and syntax errors, in go-jsonnet's words. Folders are searched for *.jsonnet and *.libsonnet files as kf fmt searches them (hidden files and folders and vendor/ are skipped; --exclude replaces that list). With no path: the app, or the current folder outside one.

Imports resolve as where the file is used: in a kf or ksonnet app, as its components' (lib/, vendor/, installed packages, the environment's own libraries for a file in its folder); elsewhere as tk lint resolves them (the file's folder, <root>/lib, <folder>/vendor, <root>/vendor, where the root holds tkrc.yaml or jsonnetfile.json). -J folders are searched first. Exits 1 when anything is found.`;

  static override examples = [
    '<%= config.bin %> lint',
    '<%= config.bin %> lint components lib',
    '<%= config.bin %> lint environments/default -J vendor',
  ];

  static override strict = false;
  static override usage = 'lint [PATH...]';

  static override flags = {
    exclude: Flags.string({
      char: 'e',
      description: `glob of paths not to search (repeatable; default: ${DEFAULT_FMT_EXCLUDES.join(' ')})`,
      multiple: true,
      multipleNonGreedy: true,
    }),
    jpath: jpathFlag('extra Jsonnet library directory, searched first (repeatable)'),
    verbose: Flags.boolean({ char: 'v', description: 'name every file checked' }),
    output: textOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Lint);
    const given = argv as string[];
    const app = given.length > 0 ? undefined : loadAppIfAny();
    const paths = given.length > 0 ? given : [app === undefined ? '.' : relative('.', app.root) || '.'];
    const result = lintFiles({ paths, exclude: flags.exclude, jpath: flags.jpath });
    const total = result.files.length;
    const failed = result.files.filter((f) => f.problems.length > 0);
    const problems = failed.reduce((n, f) => n + f.problems.length, 0);
    if (flags.output === 'json') {
      printJson({
        kind: 'LintResult',
        files: result.files.map((f) => ({ path: f.path, problems: f.problems })),
        summary: { files: total, failed: failed.length, problems },
      });
    } else {
      for (const file of result.files) {
        if (flags.verbose)
          process.stderr.write(`${file.problems.length > 0 ? 'lint' : 'ok  '} ${file.path}\n`);
        if (file.output !== '') process.stdout.write(file.output);
      }
    }
    if (failed.length > 0) {
      throw new UserError(
        `${problems} ${plural(problems, 'problem')} in ${failed.length} of ${total} ${plural(total, 'file')}`,
        {
          hint:
            flags.output === 'json'
              ? 'each is listed in the json output'
              : 'each is listed above as file:line:column message, with its source lines',
        },
      );
    }
    if (flags.output === 'json') return;
    if (total === 0) process.stderr.write('no Jsonnet files found\n');
    else process.stderr.write(`${total} ${plural(total, 'file')} linted, no problems found\n`);
  }
}
