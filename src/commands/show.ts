import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { loadApp } from '../app/app.js';
import { chooseEnvironment } from '../app/current-env.js';
import { UserError } from '../errors.js';
import { formatObjects, type OutputFormat } from '../render/output.js';
import { renderEnvironment } from '../render/render.js';
import { importFlags } from '../import-flags.js';

export default class Show extends KfCommand {
  static override description =
    "Print an environment's objects as YAML documents (---) or a JSON v1 List; never touches a cluster";

  static override examples = ['<%= config.bin %> show gke', '<%= config.bin %> show gke -c cnn -o json'];

  static override args = {
    env: Args.string({ description: 'environment (default: the current environment)' }),
  };

  static override flags = {
    ...importFlags(),
    component: Flags.string({ char: 'c', description: 'only this component (repeatable)', multiple: true }),
    output: Flags.string({
      char: 'o',
      description: 'output format',
      options: ['yaml', 'json'],
      default: 'yaml',
    }),
    jpath: Flags.string({
      char: 'J',
      description: 'extra Jsonnet library directory (repeatable)',
      multiple: true,
    }),
    'ext-str': Flags.string({
      char: 'V',
      description: 'external variable as a string: K=V (repeatable)',
      multiple: true,
    }),
    'ext-code': Flags.string({
      description: 'external variable as Jsonnet code: K=V (repeatable)',
      multiple: true,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Show);
    const app = loadApp();
    const envName = chooseEnvironment(app.root, args.env);
    const objects = renderEnvironment(app, envName, {
      components: flags.component,
      jpath: flags.jpath,
      allowImportsOutsideApp: flags['allow-imports-outside-app'],
      extVars: parseKeyValues(flags['ext-str'], '--ext-str'),
      extCode: parseKeyValues(flags['ext-code'], '--ext-code'),
    });
    process.stdout.write(formatObjects(objects, flags.output as OutputFormat));
  }
}

function parseKeyValues(items: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      // ksonnet/jsonnet also accept `K` alone, taking the value from the environment variable K.
      const fromEnv = eq < 0 ? process.env[item] : undefined;
      if (fromEnv === undefined) throw new UserError(`${flag} expects K=V, got '${item}'`, { exitCode: 2 });
      out[item] = fromEnv;
      continue;
    }
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
