import { KfCommand } from '../../base-command.js';
import { tableOrJsonFlag } from '../../output-flag.js';
import { loadAppIfAny } from '../../app/app.js';
import {
  brokenPrototypeWarnings,
  describeSource,
  listPrototypes,
  type BrokenPrototype,
} from '../../app/prototypes.js';
import { formatTable } from '../../app/table.js';

export default class PrototypeList extends KfCommand {
  static override description = 'List the prototypes: built-in ones and those of installed packages';

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(PrototypeList);
    const broken: BrokenPrototype[] = [];
    const prototypes = listPrototypes(loadAppIfAny(), broken);
    process.stderr.write(brokenPrototypeWarnings(broken));
    if (flags.output === 'json') {
      const out = prototypes.map((p) => ({
        name: p.name,
        source: describeSource(p),
        shortDescription: p.shortDescription,
      }));
      this.log(JSON.stringify(out, null, 2));
      return;
    }
    const rows = prototypes.map((p) => [p.name, describeSource(p), p.shortDescription]);
    this.log(formatTable(['NAME', 'SOURCE', 'DESCRIPTION'], rows).trimEnd());
  }
}
