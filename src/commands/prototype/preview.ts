import { KfCommand } from '../../base-command.js';
import { loadAppIfAny } from '../../app/app.js';
import { paramContract, resolveParamValues, splitGenerateArgv } from '../../app/generate.js';
import { formatJsonnetValue } from '../../app/jsonnet-literal.js';
import { ENV_LOCAL, expandBody, generatedHeader, variablesUsed } from '../../app/prototype.js';
import { findAppPrototype, shortName } from '../../app/prototypes.js';
import { UserError } from '../../errors.js';

export default class PrototypePreview extends KfCommand {
  static override description =
    'Print the Jsonnet a prototype expands to with the given parameters (nothing is written)';

  static override usage = 'prototype preview PROTOTYPE [--<param>=<value> ...]';

  static override examples = [
    '<%= config.bin %> prototype preview deployed-service --name=web --image=nginx',
  ];

  static override strict = false;

  async run(): Promise<void> {
    this.parsed = true; // argv is parsed by splitGenerateArgv: oclif would reject the parameter flags
    const argv = splitGenerateArgv(this.argv);
    const [name, ...extra] = argv.positionals;
    if (name === undefined)
      throw new UserError('expected a prototype name', {
        hint: 'usage: kf prototype preview PROTOTYPE [--<param>=<value> ...]; see: kf prototype preview --help',
        exitCode: 2,
      });
    if (extra.length > 0)
      throw new UserError(`unexpected argument '${extra[0]}'`, {
        hint: 'parameters are given as --<param>=<value>',
        exitCode: 2,
      });
    const app = loadAppIfAny();
    const prototype = findAppPrototype(app, name);
    const componentName = argv.paramFlags.find((f) => f.name === 'name')?.value ?? shortName(prototype);
    const params = resolveParamValues(prototype, componentName, argv.paramFlags, {}, paramContract(app));
    const body = expandBody(prototype).replace(/^\n+/, '').replace(/\n*$/, '\n');
    const uses = variablesUsed(body, prototype.file);
    process.stdout.write(
      [
        generatedHeader(prototype).replace('generated from', 'preview of'),
        ...(uses.has('env') ? [ENV_LOCAL] : []),
        ...(uses.has('params')
          ? [`local params = ${formatJsonnetValue(params, '', { multiline: true })};`]
          : []),
        body,
      ].join('\n'),
    );
  }
}
