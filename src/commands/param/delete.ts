import { Args, Flags } from '@oclif/core';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { deleteParameter, parameterRead } from '../../app/parameters.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';
import { UserError } from '../../errors.js';
import { USAGE_COMMAND } from '../../cli/usage-words.js';

export default class ParamDelete extends KfCommand {
  static override description =
    "Delete a parameter (a component's, or a global when only a key is given) from the params file, or with --env from the environment's overrides";

  static override aliases = ['param:unset'];

  static override examples = [
    '<%= config.bin %> param delete cnn num_gpus',
    '<%= config.bin %> param delete --env=gke cnn num_gpus',
    '<%= config.bin %> param unset replicas',
  ];

  static override usage = `${USAGE_COMMAND} [COMPONENT] PARAM [--env ENV]`;

  static override args = {
    component: Args.string({ description: 'component (leave out for a global parameter)' }),
    param: Args.string({ description: 'parameter (dotted keys allowed)' }),
  };

  static override flags = {
    env: Flags.string({ description: "delete from this environment's overrides" }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ParamDelete);
    if (args.component === undefined) {
      throw new UserError('missing argument PARAM', {
        hint: 'usage: kf param delete [COMPONENT] PARAM; see: kf param delete --help',
        exitCode: 2,
      });
    }
    const [component, key] =
      args.param === undefined ? [undefined, args.component] : [args.component, args.param];
    const root = findAppRoot();
    const file = await withAppLock(root, () =>
      deleteParameter(loadApp(root), { component, env: flags.env }, key),
    );
    this.log(
      `Deleted ${component === undefined ? 'global ' : `${component}.`}${key} from ${relative(root, file)}`,
    );
    // A component's own top-level parameter (an override's deletion leaves the component's value,
    // a dotted key's the object): a read of it now fails to render, as in ksonnet, which deleted
    // it all the same.
    if (component !== undefined && flags.env === undefined && !key.includes('.')) {
      const read = parameterRead(loadApp(root), component, key);
      if (read !== undefined)
        process.stderr.write(
          `kf: warning: ${relative(root, read.file)}:${read.line} still reads params.${key}: ${component} fails to render where no environment sets it (kf param set ${component} ${key} VALUE puts it back)\n`,
        );
    }
  }
}
