import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';
import { addChart, CHARTFILE, parseChartReference } from '../../registry/charts.js';
import { printVendorResult } from './vendor.js';

export default class ChartAdd extends KfCommand {
  static override description = `Require a chart at a version in ${CHARTFILE} and vendor it into charts/ (its sha256 checked against the repository index)`;

  static override examples = [
    '<%= config.bin %> chart add prometheus-community/kube-state-metrics@5.25.1',
    '<%= config.bin %> chart add stable/grafana@6.1.0:grafana-6',
  ];

  static override args = {
    chart: Args.string({
      description: '<repository>/<chart>@<version>, optionally :<folder> (default folder: the chart name)',
      required: true,
    }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ChartAdd);
    const root = findAppRoot();
    const requirement = parseChartReference(args.chart);
    const chart = await withAppLock(root, () => addChart(root, requirement));
    printVendorResult({ charts: [chart], pruned: [] }, (line) => this.log(line));
  }
}
