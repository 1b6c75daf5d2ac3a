import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { compareCodePoints, findEnvironment, loadApp } from '../../app/app.js';
import { createAppEngine } from '../../app/jsonnet-engine.js';
import { environmentParams } from '../../app/params.js';
import { formatTable } from '../../app/table.js';
import { DIFF_EXIT_CODE } from '../../exit-codes.js';

export default class ParamDiff extends KfCommand {
  static override description = `Show the parameters whose resolved values differ between two environments

Exit status: 0 when no parameter differs, ${DIFF_EXIT_CODE} when some do, 1 on error.`;

  static override args = {
    env1: Args.string({ description: 'first environment', required: true }),
    env2: Args.string({ description: 'second environment', required: true }),
  };

  static override flags = {
    component: Flags.string({ char: 'c', description: 'only this component' }),
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ParamDiff);
    const app = loadApp();
    findEnvironment(app, args.env1);
    findEnvironment(app, args.env2);
    const left = environmentParams(app, args.env1, createAppEngine(app, { envName: args.env1 }));
    const right = environmentParams(app, args.env2, createAppEngine(app, { envName: args.env2 }));
    const rows: Array<{ component: string; param: string; [env: string]: unknown }> = [];
    const components = [...new Set([...Object.keys(left.components), ...Object.keys(right.components)])].sort(
      compareCodePoints,
    );
    for (const component of components) {
      if (flags.component !== undefined && component !== flags.component) continue;
      const a = left.components[component] ?? {};
      const b = right.components[component] ?? {};
      for (const param of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareCodePoints)) {
        if (JSON.stringify(a[param]) !== JSON.stringify(b[param]))
          rows.push({ component, param, [args.env1]: a[param], [args.env2]: b[param] });
      }
    }
    if (flags.output === 'json') {
      this.log(JSON.stringify(rows, null, 2));
    } else {
      const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));
      this.log(
        formatTable(
          ['COMPONENT', 'PARAM', args.env1.toUpperCase(), args.env2.toUpperCase()],
          rows.map((r) => [r.component, r.param, show(r[args.env1]), show(r[args.env2])]),
        ).trimEnd(),
      );
    }
    // Like `kf diff`: scripts can tell "the environments differ" from success and from errors.
    if (rows.length > 0) this.exit(DIFF_EXIT_CODE);
  }
}
