import { Args } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { findAppRoot } from '../../app/app-file.js';
import { addRegistry } from '../../registry/registries.js';
import { describeSource } from '../../registry/registry-uri.js';
import { withAppLock } from '../../app/app-lock.js';

export default class RegistryAdd extends KfCommand {
  static override description = 'Add a package registry to the app (a folder, a git repository or a .tar.gz URL)';

  static override examples = [
    '<%= config.bin %> registry add kubeflow',
    '<%= config.bin %> registry add parts ../my-registry',
    '<%= config.bin %> registry add kubeflow https://github.com/kubeflow/kubeflow.git//kubeflow?ref=v0.1.0',
    '<%= config.bin %> registry add mirror https://example.com/kubeflow-registry.tar.gz',
  ];

  static override args = {
    name: Args.string({ description: 'registry name used in package references (<name>/<package>)', required: true }),
    uri: Args.string({
      description: 'folder, file:// URL, <git-url>//<subdir>?ref=<ref>, https .tar.gz URL or builtin:<name>; omit for the built-in kubeflow registry',
    }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(RegistryAdd);
    const root = findAppRoot();
    const loaded = await withAppLock(root, () => addRegistry(root, args.name, args.uri, process.cwd()));
    const count = loaded.index.packages.length;
    this.log(`Added registry '${args.name}' (${describeSource(loaded.source)}${loaded.resolved ? `, ${loaded.resolved}` : ''}): ${count} package${count === 1 ? '' : 's'}`);
  }
}
