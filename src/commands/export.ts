import { existsSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { loadAppIfAny } from '../app/app.js';
import { KfCommand } from '../base-command.js';
import { UserError } from '../errors.js';
import { exportJson, printJson } from '../cli/json-output.js';
import { textOrJsonFlag } from '../output-flag.js';
import { formatDrift } from '../render/export-check.js';
import { DEFAULT_TEMPLATE, TEMPLATE_VARIABLES } from '../render/export-layout.js';
import { MERGE_STRATEGIES } from '../render/export-tree.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { exportEnvironments, type MergeStrategy } from '../workflow/export.js';
import { counted } from '../util/plural.js';

/** Exit code of `kf export --check` when the folder differs from the render. */
export const DRIFT_EXIT_CODE = 3;

export default class Export extends KfCommand {
  static override description = `Write every object of one or more environments to its own file, for GitOps

Files go to ${DEFAULT_TEMPLATE} under DIR (namespace "_cluster" for cluster-scoped objects, group "core" for the core API group), with manifest.json mapping each file to its environment, component and object. Output is byte-identical on every run and machine. Two objects that map to one file are an error; kf never overwrites a file it does not own.

--format variables: ${TEMPLATE_VARIABLES.map((v) => `{${v}}`).join(' ')}; {var|lower} lower-cases; "/" makes directories; ".yaml" is added unless the template ends in .yaml, .yml or .json.

--check renders in memory and compares with DIR: it lists missing, extra and changed files with a unified diff and exits ${DRIFT_EXIT_CODE} when anything differs (0 when DIR is up to date).

With --all, DIR is the app's whole render: the files of an environment that manifest.json lists but app.yaml no longer has are drift to --check, and --merge-strategy replace-envs removes them.`;

  static override examples = [
    '<%= config.bin %> export --all out',
    '<%= config.bin %> export dev prod out --merge-strategy replace-envs',
    "<%= config.bin %> export --all out --format '{env}/{component}/{kind|lower}-{name}.yaml'",
    '<%= config.bin %> export --all out --check',
  ];

  static override strict = false;
  static override usage = 'export ENV... DIR | --all DIR';

  static override flags = {
    all: Flags.boolean({ description: 'export every environment of the app' }),
    check: Flags.boolean({
      description: `compare DIR with a fresh render instead of writing; exit ${DRIFT_EXIT_CODE} on drift`,
    }),
    format: Flags.string({ description: 'file name template', default: DEFAULT_TEMPLATE }),
    'merge-strategy': Flags.string({
      description:
        'fail: refuse a DIR that already holds these environments; replace-envs: replace just their files',
      options: [...MERGE_STRATEGIES],
      default: 'fail',
    }),
    parallelism: Flags.integer({
      char: 'p',
      description: 'environments rendered at once (this thread and worker threads; default: CPU count - 1)',
      min: 1,
    }),
    output: textOrJsonFlag(),
    ...renderFlags(),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Export);
    const args = argv as string[];
    if (args.length === 0)
      throw new UserError('missing DIR', {
        hint: 'usage: kf export ENV... DIR, or kf export --all DIR',
        exitCode: 2,
      });
    const dir = args[args.length - 1];
    const envs = args.slice(0, -1);
    if (flags.all && envs.length > 0)
      throw new UserError(`--all exports every environment; do not also name ${envs.join(', ')}`, {
        exitCode: 2,
      });
    if (!flags.all && envs.length === 0) {
      // `kf export gke`: the environment is given and the folder is missing, unless gke is a folder.
      if (loadAppIfAny()?.spec.environments[dir] !== undefined && !existsSync(dir))
        throw new UserError(`missing DIR, the folder to export ${dir} to`, {
          hint: `usage: kf export ${dir} DIR`,
          exitCode: 2,
        });
      throw new UserError('name the environments to export, or pass --all', {
        hint: `kf export ENV... ${dir}, or kf export --all ${dir}`,
        exitCode: 2,
      });
    }
    const result = await exportEnvironments({
      envs,
      dir,
      template: flags.format,
      strategy: flags['merge-strategy'] as MergeStrategy,
      parallelism: flags.parallelism,
      check: flags.check,
      ...renderSelection(flags),
    });
    const drift = result.drift;
    if (flags.output === 'json') printJson(exportJson(result));
    else if (!drift)
      process.stderr.write(
        `exported ${counted(result.files.length, 'object')} of ${result.envs.join(', ')} to ${dir}\n`,
      );
    else if (result.upToDate) process.stderr.write(`${dir} is up to date (${result.envs.join(', ')})\n`);
    else process.stdout.write(formatDrift(drift, dir.replace(/\/+$/, '')));
    if (!drift || result.upToDate) return;
    // kf export never deletes a file it did not write: those are the user's to remove.
    const byHand = drift.unowned.length > 0 ? 'remove the files kf did not write' : undefined;
    const exported =
      drift.missing.length + drift.changed.length + drift.extra.length - drift.unowned.length > 0
        ? `run 'kf export ${flags.all ? '--all' : result.envs.join(' ')} ${dir} --merge-strategy replace-envs'`
        : undefined;
    throw new UserError(
      `${dir} differs from the render: ${drift.missing.length} missing, ${drift.extra.length} extra, ${drift.changed.length} changed`,
      {
        hint: `${[byHand, exported].filter((s) => s !== undefined).join(', then ')} and commit the result`,
        exitCode: DRIFT_EXIT_CODE,
      },
    );
  }
}
