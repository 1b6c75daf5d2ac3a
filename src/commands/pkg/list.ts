import { Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { findAppRoot, readAppSpec } from '../../app/app-file.js';
import { listAvailablePackages, listInstalledPackages, type PackageRow } from '../../registry/catalog.js';
import { UserError } from '../../errors.js';
import { formatTable } from '../../app/table.js';
import { counted } from '../../util/plural.js';

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
    // One registry that cannot be read does not hide the others' packages; it is reported after them.
    const unreadable: UserError[] = [];
    const rows = flags.installed
      ? listInstalledPackages(spec)
      : await listAvailablePackages(root, spec, unreadable);
    // "No packages: add a registry" would be wrong when a registry could not be read.
    if (flags.output === 'json' || rows.length > 0 || unreadable.length === 0) this.printRows(rows, flags);
    if (unreadable.length === 0) return;
    for (const error of unreadable) process.stderr.write(`kf: ${error.format()}\n`);
    const total = Object.keys(spec.registries).length;
    throw new UserError(
      `${unreadable.length} of ${counted(total, 'registry', 'registries')} could not be read (above); their packages are not listed`,
      {
        hint: "point a registry at its new place with 'kf registry set NAME --uri URI', or remove it with 'kf registry rm NAME'",
      },
    );
  }

  private printRows(rows: PackageRow[], flags: { installed: boolean; output: string }): void {
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
