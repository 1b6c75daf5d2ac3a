import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { findAppRoot, readAppSpec } from '../../app/app-file.js';
import { describePackage } from '../../registry/catalog.js';
import { formatTable } from '../../app/table.js';

export default class PkgDescribe extends KfCommand {
  static override description = "Show a package's metadata and its prototypes";

  static override args = {
    package: Args.string({ description: '<registry>/<package>[@<version>]', required: true }),
  };

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PkgDescribe);
    const root = findAppRoot();
    const view = await describePackage(root, readAppSpec(root), args.package);
    if (flags.output === 'json') {
      this.log(JSON.stringify(view, null, 2));
      return;
    }
    const lines = [
      `Package:     ${view.registry}/${view.name}@${view.version}`,
      `Source:      ${view.source}`,
    ];
    lines.push(`Installed:   ${view.installed ?? 'no'}`);
    if (view.description) lines.push(`Description: ${view.description}`);
    if (view.author) lines.push(`Author:      ${view.author}`);
    if (view.license) lines.push(`License:     ${view.license}`);
    if (view.keywords.length > 0) lines.push(`Keywords:    ${view.keywords.join(', ')}`);
    if (view.quickStart?.prototype) {
      const flagsText = Object.entries(view.quickStart.flags ?? {})
        .map(([k, v]) => ` --${k}=${v}`)
        .join('');
      lines.push(
        `Quick start: kf generate ${view.quickStart.prototype} ${view.quickStart.componentName ?? '<component>'}${flagsText}`,
      );
    }
    lines.push('', 'Prototypes:');
    lines.push(
      view.prototypes.length === 0
        ? '  (none)'
        : formatTable(
            ['NAME', 'DESCRIPTION'],
            view.prototypes.map((p) => [p.name, p.shortDescription ?? '']),
          )
            .trimEnd()
            .split('\n')
            .map((l) => `  ${l}`)
            .join('\n'),
    );
    this.log(lines.join('\n'));
  }
}
