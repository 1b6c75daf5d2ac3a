import { Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';
import { CHARTFILE, vendorCharts, type VendorResult } from '../../registry/charts.js';

export default class ChartVendor extends KfCommand {
  static override description = `Download every chart ${CHARTFILE} requires that charts/ lacks at its version (a no-op when all are there)`;

  static override examples = ['<%= config.bin %> chart vendor', '<%= config.bin %> chart vendor --prune'];

  static override flags = {
    prune: Flags.boolean({
      description: 'also remove folders of charts/ that no requirement names',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ChartVendor);
    const root = findAppRoot();
    const result = await withAppLock(root, () => vendorCharts(root, { prune: flags.prune }));
    printVendorResult(result, (line) => this.log(line));
  }
}

export function printVendorResult(result: VendorResult, log: (line: string) => void): void {
  for (const chart of result.charts)
    log(
      `${chart.action === 'vendored' ? 'Vendored' : 'Present '} ${chart.chart}@${chart.version} in ${chart.path}`,
    );
  for (const path of result.pruned) log(`Removed  ${path}`);
  if (result.charts.length === 0 && result.pruned.length === 0)
    log(`No charts in ${CHARTFILE}; nothing to do`);
}
