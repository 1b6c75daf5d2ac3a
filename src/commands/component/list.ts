import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { loadApp } from '../../app/app.js';
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
    const rows = app.components.map((c) => {
      const header = c.format === 'jsonnet' ? readGeneratedHeader(readFileSync(c.file, 'utf8')) : undefined;
      return {
        name: c.name,
        format: c.format,
        file: relative(app.root, c.file),
        prototype: header?.prototype,
        source: header?.source,
      };
    });
    if (flags.output === 'json') {
      this.log(JSON.stringify(rows, null, 2));
      return;
    }
    this.log(
      formatTable(
        ['NAME', 'TYPE', 'PROTOTYPE'],
        rows.map((r) => [r.name, r.format, r.prototype === undefined ? '' : `${r.prototype} (${r.source})`]),
      ).trimEnd(),
    );
  }
}
