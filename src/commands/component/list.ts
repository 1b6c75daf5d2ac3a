import { Flags } from '@oclif/core';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { formatTable } from '../../app/table.js';

const HEADER = /^\/\/ kf: generated from prototype (\S+) \(([^)]*)\)/;

export default class ComponentList extends KfCommand {
  static override description = 'List the components of the app';

  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'output format',
      options: ['table', 'json'],
      default: 'table',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ComponentList);
    const app = loadApp();
    const rows = app.components.map((c) => {
      const header = c.format === 'jsonnet' ? HEADER.exec(readFileSync(c.file, 'utf8').slice(0, 500)) : null;
      return {
        name: c.name,
        format: c.format,
        file: relative(app.root, c.file),
        prototype: header?.[1],
        source: header?.[2],
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
