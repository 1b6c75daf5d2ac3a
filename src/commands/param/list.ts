import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { compareCodePoints, findComponent, findEnvironment, loadApp } from '../../app/app.js';
import { createAppEngine } from '../../app/jsonnet-engine.js';
import { baseParams, environmentParams } from '../../app/params.js';
import { formatTable } from '../../app/table.js';

export default class ParamList extends KfCommand {
  static override description =
    'List parameters of all components (or one), as resolved for an environment with --env';

  static override args = {
    component: Args.string({ description: 'only this component' }),
  };

  static override flags = {
    env: Flags.string({ description: "resolve with this environment's overrides and globals" }),
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ParamList);
    const app = loadApp();
    if (args.component !== undefined) findComponent(app, args.component);
    if (flags.env !== undefined) findEnvironment(app, flags.env);
    const engine = createAppEngine(app, { envName: flags.env });
    const params =
      flags.env === undefined ? baseParams(app, engine) : environmentParams(app, flags.env, engine);
    const names = Object.keys(params.components)
      .filter((c) => args.component === undefined || c === args.component)
      .sort(compareCodePoints);
    if (flags.output === 'json') {
      this.log(
        JSON.stringify(
          args.component === undefined
            ? Object.fromEntries(names.map((n) => [n, params.components[n]]))
            : params.components[args.component],
          null,
          2,
        ),
      );
      return;
    }
    const rows: string[][] = [];
    for (const name of names) {
      for (const key of Object.keys(params.components[name]).sort(compareCodePoints))
        rows.push([name, key, JSON.stringify(params.components[name][key])]);
    }
    this.log(formatTable(['COMPONENT', 'PARAM', 'VALUE'], rows).trimEnd());
  }
}
