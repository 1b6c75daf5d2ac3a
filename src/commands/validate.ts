import { Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { connectionFlags } from '../connection-flags.js';
import { UserError } from '../errors.js';
import { formatProblem } from '../render/validate.js';
import { validate, type ValidateResult } from '../workflow/validate.js';
import { printJson, validateJson } from '../cli/json-output.js';
import { validateJunit } from '../cli/junit.js';
import { bundledVersions } from '../render/schemas/kubernetes-schemas.js';
import { defaultValidatorCacheDir } from '../render/validator-cache.js';
import { renderFlags, renderSelection } from '../render-flags.js';
import { counted } from '../util/plural.js';

export default class Validate extends KfCommand {
  static override description = `Check every rendered object against the Kubernetes schemas of its environment, offline

Built-in kinds are checked against the official OpenAPI schemas of the environment's Kubernetes version (app.yaml k8sVersion; bundled: ${bundledVersions().join(', ')}; default the newest), custom resources against the CRDs rendered by the app, found under vendor/, or given with --crds. Unknown fields are errors, as with kubectl's strict field validation. Each environment is rendered twice and any difference is reported (nondeterminism), as is an object two components render. --server adds a server-side dry-run on the environment's cluster. Exits 1 when any problem is found.`;

  static override examples = [
    '<%= config.bin %> validate',
    '<%= config.bin %> validate dev prod',
    '<%= config.bin %> validate prod --server',
  ];

  static override strict = false;
  static override usage = 'validate [ENV...]';

  static override flags = {
    server: Flags.boolean({
      description: "also dry-run every object on the environment's cluster (server-side apply, dryRun=All)",
    }),
    crds: Flags.string({
      description: 'CRD file or directory to validate custom resources against',
      multiple: true,
      multipleNonGreedy: true,
    }),
    'ignore-missing-schemas': Flags.boolean({
      description: 'do not report kinds that no bundled schema or CRD describes',
    }),
    output: Flags.string({
      char: 'o',
      description:
        'output format (json: one document on stdout, see docs/json-output.md in the kf package; junit: JUnit XML, one testcase per object)',
      options: ['text', 'json', 'junit'],
      default: 'text',
    }),
    parallelism: Flags.integer({
      char: 'p',
      description: 'environments rendered at once (default: CPU count - 1)',
      min: 1,
    }),
    ...renderFlags(),
    ...connectionFlags(),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Validate);
    const result = await validate({
      envs: argv as string[],
      server: flags.server,
      parallelism: flags.parallelism,
      crdPaths: flags.crds,
      ignoreMissingSchemas: flags['ignore-missing-schemas'],
      kubeconfig: flags.kubeconfig,
      forceContext: flags['force-context'],
      ...renderSelection(flags),
      validatorCache: defaultValidatorCacheDir(),
    });
    const { problems } = result;
    if (flags.output === 'json') printJson(validateJson(result));
    else if (flags.output === 'junit') process.stdout.write(validateJunit(result));
    else this.printText(result, flags.server === true);
    if (problems > 0) {
      throw new UserError(`${problems} problem${problems === 1 ? '' : 's'} found`, {
        hint:
          flags.output === 'text'
            ? 'each is listed above as [file:line:column: ]environment/component: object: field: message'
            : `each is listed in the ${flags.output} output`,
      });
    }
  }

  private printText(result: ValidateResult, server: boolean): void {
    for (const report of result.environments) {
      for (const problem of report.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      for (const note of report.skipped) process.stderr.write(`skipped: ${note}\n`);
      const status = report.problems.length === 0 ? 'valid' : counted(report.problems.length, 'problem');
      process.stderr.write(
        `${report.env}: ${counted(report.objects, 'object')}, Kubernetes ${report.k8sVersion}${server ? ' + server dry-run' : ''}: ${status}\n`,
      );
    }
  }
}
