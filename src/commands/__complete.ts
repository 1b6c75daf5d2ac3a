import { KfCommand } from '../base-command.js';
import { printCompletions } from '../completion/run.js';

/** Called by the completion scripts (bin/run.js answers it without oclif when it can). */
export default class Complete extends KfCommand {
  static override hidden = true;
  static override description =
    'Print completion candidates for the words after `kf` (used by `kf completion`)';
  static override strict = false;

  async run(): Promise<void> {
    this.parsed = true; // the words are the user's command line, not flags of this command
    await printCompletions(this.argv);
  }
}
