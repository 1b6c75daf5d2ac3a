import { Args, Flags } from '@oclif/core';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { parseCliValue } from '../../app/jsonnet-literal.js';
import { setParameter } from '../../app/parameters.js';
import { UserError } from '../../errors.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';

export default class ParamSet extends KfCommand {
  static override description =
    "Set a parameter, editing only that value in the params file: a component's (<component> <key> <value>), a global (<key> <value>), or with --env an environment override or environment global";

  static override examples = [
    '<%= config.bin %> param set cnn num_gpus 1',
    '<%= config.bin %> param set --env=gke cnn num_gpus 1',
    '<%= config.bin %> param set web metadata.labels \'{"team": "ml"}\'',
    '<%= config.bin %> param set --env=gke cloud gke',
  ];

  static override args = {
    first: Args.string({ description: 'component (or the key, for a global)', required: true }),
    second: Args.string({ description: 'key (dotted keys allowed) or value', required: true }),
    third: Args.string({ description: 'value (a Jsonnet/JSON literal, else a string)' }),
  };

  static override flags = {
    env: Flags.string({ description: 'write the override into this environment' }),
    'as-string': Flags.boolean({
      description: 'store the value as a string even if it looks like a number, boolean, array or object',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ParamSet);
    const [component, key, text] =
      args.third === undefined ? [undefined, args.first, args.second] : [args.first, args.second, args.third];
    if (text === undefined) throw new UserError('missing value', { exitCode: 2 });
    const value = flags['as-string'] ? text : parseCliValue(text);
    const root = findAppRoot();
    const file = await withAppLock(root, () =>
      setParameter(loadApp(root), { component, env: flags.env }, key, value),
    );
    this.log(
      `Set ${component === undefined ? 'global ' : `${component}.`}${key} = ${JSON.stringify(value)} in ${relative(root, file)}`,
    );
  }
}
