import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';
import { addChartRepository, CHARTFILE } from '../../registry/charts.js';

export default class ChartAddRepo extends KfCommand {
  static override description = `Add a Helm chart repository to the app's ${CHARTFILE} (Tanka's format; created when missing)`;

  static override examples = [
    '<%= config.bin %> chart add-repo prometheus-community https://prometheus-community.github.io/helm-charts',
    '<%= config.bin %> chart add-repo bitnami oci://registry-1.docker.io/bitnamicharts',
  ];

  static override args = {
    name: Args.string({
      description: 'name used in chart references (<name>/<chart>@<version>)',
      required: true,
    }),
    url: Args.string({
      description:
        'repository URL serving index.yaml (https; plain http only on loopback), or an OCI registry: oci://<registry>/<namespace>',
      required: true,
    }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(ChartAddRepo);
    const root = findAppRoot();
    const added = await withAppLock(root, () => addChartRepository(root, { name: args.name, url: args.url }));
    this.log(
      added
        ? `Added chart repository '${args.name}' (${args.url})`
        : `Chart repository '${args.name}' is already there`,
    );
  }
}
