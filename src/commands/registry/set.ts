import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { setRegistryUri } from '../../registry/registries.js';
import { describeSource } from '../../registry/registry-uri.js';
import { withAppLock } from '../../app/app-lock.js';

export default class RegistrySet extends KfCommand {
  static override description = "Change a registry's URI (fetched once to check it; installed packages stay as locked)";

  static override examples = ['<%= config.bin %> registry set kubeflow --uri https://github.com/kubeflow/kubeflow.git//kubeflow?ref=v0.2.0'];

  static override args = {
    name: Args.string({ description: 'registry name', required: true }),
  };

  static override flags = {
    uri: Flags.string({ description: 'new URI (same syntax as registry add)', required: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(RegistrySet);
    const root = findAppRoot();
    const { changed, loaded } = await withAppLock(root, () =>
      setRegistryUri(root, args.name, flags.uri, process.cwd()),
    );
    this.log(
      changed
        ? `Registry '${args.name}' now uses ${describeSource(loaded.source)}${loaded.resolved ? ` (${loaded.resolved})` : ''}`
        : `Registry '${args.name}' already uses ${loaded.uri}; nothing to do`,
    );
  }
}
