import { Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { findAppRoot, readAppSpec } from '../../app/app-file.js';
import { listAvailablePackages, listInstalledPackages } from '../../registry/catalog.js';
import { formatTable } from '../../app/table.js';

export default class PkgList extends KfCommand {
  static override description =
    "List the packages of the app's registries, or only the installed ones (no network)";

  static override flags = {
    installed: Flags.boolean({
      description: 'only installed packages (reads app.yaml only)',
      default: false,
    }),
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(PkgList);
    const root = findAppRoot();
    const spec = readAppSpec(root);
    const rows = flags.installed ? listInstalledPackages(spec) : await listAvailablePackages(root, spec);
    if (flags.output === 'json') {
      this.log(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      this.log(
        flags.installed
          ? 'No packages installed.'
          : "No packages: add a registry with 'kf registry add kubeflow'.",
      );
      return;
    }
    this.log(
      formatTable(
        ['PACKAGE', 'VERSION', 'INSTALLED', 'DESCRIPTION'],
        rows.map((r) => [`${r.registry}/${r.name}`, r.version, r.installed ?? '', r.description ?? '']),
      ).trimEnd(),
    );
  }
}
