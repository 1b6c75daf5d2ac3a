import { Args } from '@oclif/core';
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
import { UserError } from '../../errors.js';

export default class PrototypeSearch extends KfCommand {
  static override description = 'Find prototypes whose name or description contains a word';

  static override args = {
    query: Args.string({ description: 'text to look for (case-insensitive)', required: true }),
  };

  static override flags = {
    output: tableOrJsonFlag(),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PrototypeSearch);
    const query = args.query.toLowerCase();
    const broken: BrokenPrototype[] = [];
    const all = listPrototypes(loadAppIfAny(), broken);
    process.stderr.write(brokenPrototypeWarnings(broken));
    const found = all.filter(
      (p) =>
        p.name.toLowerCase().includes(query) ||
        p.description.toLowerCase().includes(query) ||
        p.shortDescription.toLowerCase().includes(query),
    );
    if (found.length === 0)
      throw new UserError(`no prototype matches '${args.query}'`, { hint: "see 'kf prototype list'" });
    if (flags.output === 'json') {
      this.log(
        JSON.stringify(
          found.map((p) => ({
            name: p.name,
            source: describeSource(p),
            shortDescription: p.shortDescription,
          })),
          null,
          2,
        ),
      );
      return;
    }
    this.log(
      formatTable(
        ['NAME', 'SOURCE', 'DESCRIPTION'],
        found.map((p) => [p.name, describeSource(p), p.shortDescription]),
      ).trimEnd(),
    );
  }
}
