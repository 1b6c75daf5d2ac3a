import { Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { formatTable } from '../../app/table.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { CHARTFILE, listCharts } from '../../registry/charts.js';

export default class ChartList extends KfCommand {
  static override description = `List the charts ${CHARTFILE} requires and whether charts/ holds them; with --latest, the newest versions their repositories offer`;

  static override examples = [
    '<%= config.bin %> chart list',
    '<%= config.bin %> chart list --latest -o json',
  ];

  static override flags = {
    latest: Flags.boolean({
      description:
        "read each repository's index.yaml for the newest stable version, overall and of the same major",
      default: false,
    }),
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ChartList);
    const charts = await listCharts(findAppRoot(), { latest: flags.latest });
    if (flags.output === 'json') {
      this.log(JSON.stringify(charts, null, 2));
      return;
    }
    if (charts.length === 0) {
      this.log(`No charts in ${CHARTFILE}: add one with 'kf chart add <repository>/<chart>@<version>'.`);
      return;
    }
    const vendored = (c: (typeof charts)[number]) =>
      c.vendored === undefined ? 'missing' : c.vendored === c.version ? 'yes' : `version ${c.vendored}`;
    const header = [
      'CHART',
      'VERSION',
      'FOLDER',
      'VENDORED',
      ...(flags.latest ? ['LATEST', 'LATEST SAME MAJOR'] : []),
    ];
    this.log(
      formatTable(
        header,
        charts.map((c) => [
          c.chart,
          c.version,
          c.path,
          vendored(c),
          ...(flags.latest ? [c.latest ?? '-', c.latestSameMajor ?? '-'] : []),
        ]),
      ).trimEnd(),
    );
  }
}
