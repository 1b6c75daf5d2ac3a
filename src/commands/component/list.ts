import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { compareCodePoints, environmentComponents, loadApp } from '../../app/app.js';
import { readGeneratedHeader } from '../../app/prototype.js';
import { formatTable } from '../../app/table.js';

export default class ComponentList extends KfCommand {
  static override description = 'List the components of the app';

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ComponentList);
    const app = loadApp();
    const envs = Object.keys(app.spec.environments).sort(compareCodePoints);
    const rendering = new Map(
      envs.map((env) => [env, new Set(environmentComponents(app, env).map((c) => c.name))]),
    );
    const rows = app.components.map((c) => {
      const header = c.format === 'jsonnet' ? readGeneratedHeader(readFileSync(c.file, 'utf8')) : undefined;
      return {
        name: c.name,
        format: c.format,
        file: relative(app.root, c.file),
        prototype: header?.prototype,
        source: header?.source,
        environments: envs.filter((env) => rendering.get(env)?.has(c.name)),
      };
    });
    if (flags.output === 'json') {
      this.log(JSON.stringify(rows, null, 2));
      return;
    }
    // Which environments render each component, only in apps where an environment lists its own.
    const lists = envs.some((env) => app.spec.environments[env].components !== undefined);
    this.log(
      formatTable(
        ['NAME', 'TYPE', 'PROTOTYPE', ...(lists ? ['ENVIRONMENTS'] : [])],
        rows.map((r) => [
          r.name,
          r.format,
          r.prototype === undefined ? '' : `${r.prototype} (${r.source})`,
          ...(lists ? [r.environments.join(',')] : []),
        ]),
      ).trimEnd(),
    );
  }
}
