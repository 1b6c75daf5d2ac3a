import { KfCommand } from '../base-command.js';

export default class Version extends KfCommand {
  static override description = 'Print the kf version';

  async run(): Promise<void> {
    await this.parse(Version);
    this.log(`kf ${this.config.version} (node ${process.version})`);
  }
}
