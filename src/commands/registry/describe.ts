import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { findAppRoot, readAppSpec } from '../../app/app-file.js';
import { findRegistrySpec } from '../../registry/registries.js';
import { describeRegistry } from '../../registry/catalog.js';
import { formatTable } from '../../app/table.js';

export default class RegistryDescribe extends KfCommand {
  static override description = 'Show a registry and its packages (served from the cache after the first fetch)';

  static override args = {
    name: Args.string({ description: 'registry name', required: true }),
  };

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistryDescribe);
    const root = findAppRoot();
    const spec = readAppSpec(root);
    findRegistrySpec(spec, args.name);
    const view = await describeRegistry(root, spec, args.name);
    if (flags.output === 'json') {
      this.log(JSON.stringify(view, null, 2));
      return;
    }
    const lines = [`Name:     ${view.name}`, `URI:      ${view.uri}`, `Kind:     ${view.kind}`];
    if (view.resolved) lines.push(`Resolved: ${view.resolved}`);
    if (view.description) lines.push(`About:    ${view.description}`);
    lines.push('', formatTable(['PACKAGE', 'VERSION', 'INSTALLED', 'DESCRIPTION'], view.packages.map((p) => [p.name, p.version, p.installed ?? '', p.description ?? ''])).trimEnd());
    this.log(lines.join('\n'));
  }
}
