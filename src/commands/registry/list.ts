import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { findAppRoot, readAppSpec } from '../../app/app-file.js';
import { parseRegistryUri } from '../../registry/registry-uri.js';
import { formatTable } from '../../app/table.js';

export default class RegistryList extends KfCommand {
  static override description = "List the app's registries (reads app.yaml only; no network)";

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(RegistryList);
    const root = findAppRoot();
    const spec = readAppSpec(root);
    const rows = Object.keys(spec.registries)
      .sort()
      .map((name) => ({ name, kind: kindOf(spec.registries[name].uri, root), uri: spec.registries[name].uri }));
    if (flags.output === 'json') {
      this.log(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      this.log("No registries. Add one with 'kf registry add kubeflow'.");
      return;
    }
    this.log(formatTable(['NAME', 'KIND', 'URI'], rows.map((r) => [r.name, r.kind, r.uri])).trimEnd());
  }
}

/** A registry with a URI kf cannot read is still listed, so it can be fixed or removed. */
function kindOf(uri: string, root: string): string {
  try {
    return parseRegistryUri(uri, root).kind;
  } catch {
    return 'invalid';
  }
}
