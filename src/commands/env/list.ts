import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { compareCodePoints, loadApp } from '../../app/app.js';
import { readCurrentEnv } from '../../app/current-env.js';
import { formatTable } from '../../app/table.js';

export default class EnvList extends KfCommand {
  static override description = 'List environments';

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(EnvList);
    const app = loadApp();
    const current = readCurrentEnv(app.root);
    const names = Object.keys(app.spec.environments).sort(compareCodePoints);
    if (flags.output === 'json') {
      const out = names.map((name) => ({ name, current: name === current, ...app.spec.environments[name] }));
      this.log(JSON.stringify(out, null, 2));
      return;
    }
    // The Tanka environment column only in apps that name one (kf env set --tanka-environment).
    const tanka = names.some((name) => app.spec.environments[name].tankaEnvironment !== undefined);
    // The components column only in apps where an environment lists them (kf env set --components).
    const lists = names.some((name) => app.spec.environments[name].components !== undefined);
    const rows = names.map((name) => {
      const env = app.spec.environments[name];
      return [
        name === current ? `${name} *` : name,
        env.context ?? '',
        env.namespace,
        env.server ?? '',
        ...(lists ? [env.components?.join(',') ?? '(all)'] : []),
        ...(tanka ? [env.tankaEnvironment ?? ''] : []),
      ];
    });
    const header = [
      'NAME',
      'CONTEXT',
      'NAMESPACE',
      'SERVER',
      ...(lists ? ['COMPONENTS'] : []),
      ...(tanka ? ['TANKA ENVIRONMENT'] : []),
    ];
    this.log(formatTable(header, rows).trimEnd());
  }
}
