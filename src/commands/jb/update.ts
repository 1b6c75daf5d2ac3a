import { KfCommand } from '../../base-command.js';
import { jbUpdate } from '../../registry/jsonnet-bundler.js';
import { JSONNETFILE, JSONNETFILE_LOCK } from '../../registry/jsonnetfile.js';
import { runJb } from './install.js';

export default class JbUpdate extends KfCommand {
  static override description = `Move the Jsonnet libraries of ${JSONNETFILE} (all, or those named) to the newest commit of the version they ask for, as \`jb update\` does, and rewrite ${JSONNETFILE_LOCK}`;

  static override examples = [
    '<%= config.bin %> jb update',
    '<%= config.bin %> jb update github.com/grafana/jsonnet-libs/ksonnet-util',
  ];

  static override strict = false;
  static override usage = 'jb update [URI...]';

  async run(): Promise<void> {
    const { argv } = await this.parse(JbUpdate);
    await runJb(jbUpdate, argv as string[], (line) => this.log(line));
  }
}
