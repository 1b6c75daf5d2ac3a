// kf's help class: oclif's help, except that help for a command or topic that does not exist
// (`kf help aply`, `kf aply --help`) is kf's one-line usage error with a did-you-mean (exit 2),
// as for unknown commands, instead of oclif's ` ›   Error: Command aply not found.`
import { Command, Help } from '@oclif/core';
import { asAskedFor } from './usage-words.js';
import { unknownCommandMessage } from '../command-suggestion.js';

export default class KfHelp extends Help {
  override formatCommand(command: Command.Loadable): string {
    return super.formatCommand(asAskedFor(command, this.config.commands));
  }

  override async showHelp(argv: string[]): Promise<void> {
    try {
      await super.showHelp(argv);
    } catch (error) {
      const unknown = /^Command (\S+) not found\.$/.exec((error as Error).message ?? '');
      if (!unknown) throw error;
      const commands = this.config.commands
        .filter((c) => !c.hidden)
        .flatMap((c) => [c.id, ...(c.aliases ?? [])]);
      const topics = this.config.topics.filter((t) => !t.hidden).map((t) => t.name);
      process.stderr.write(`kf: ${unknownCommandMessage(unknown[1], commands, topics)}\n`);
      process.exitCode = 2;
    }
  }
}
