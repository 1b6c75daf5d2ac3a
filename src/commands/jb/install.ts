import { KfCommand } from '../../base-command.js';
import { withAppLock } from '../../app/app-lock.js';
import {
  jbInstall,
  jbProject,
  type InstallOptions,
  type InstallResult,
} from '../../registry/jsonnet-bundler.js';
import { JSONNETFILE, JSONNETFILE_LOCK } from '../../registry/jsonnetfile.js';

export default class JbInstall extends KfCommand {
  static override description = `Install the Jsonnet libraries of ${JSONNETFILE} into vendor/ as jsonnet-bundler's \`jb install\` does, at the versions ${JSONNETFILE_LOCK} pins

The same folders (vendor/<host>/<org>/<repo>/<subdir>), legacy links (vendor/<name>) and lock file as jb v0.6, byte for byte, without jb; packages are fetched with git. A package URI (github.com/grafana/jsonnet-libs/ksonnet-util@master, a git URL, or a local folder) is added to ${JSONNETFILE} first. In a kf app the files are beside app.yaml, and the app's own registry folders in vendor/ are left alone; elsewhere they are in the working directory.`;

  static override examples = [
    '<%= config.bin %> jb install',
    '<%= config.bin %> jb install github.com/grafana/jsonnet-libs/ksonnet-util@master',
  ];

  static override strict = false;
  static override usage = 'jb install [URI...]';

  async run(): Promise<void> {
    const { argv } = await this.parse(JbInstall);
    await runJb(jbInstall, argv as string[], (line) => this.log(line));
  }
}

/** Runs `action` on the project around the working directory (under the app lock in a kf app) and prints what it did. */
export async function runJb(
  action: (root: string, options: InstallOptions) => Promise<InstallResult>,
  uris: string[],
  log: (line: string) => void,
): Promise<void> {
  const { root, keep } = jbProject();
  const result = await withAppLock(root, () =>
    action(root, { uris, keep, onEvent: (e) => logEvent(e, log) }),
  );
  if (result.jsonnetfileWritten) log(`Updated  ${JSONNETFILE}`);
  if (result.lockWritten) log(`Updated  ${JSONNETFILE_LOCK}`);
  log(`${result.locked.length} package(s) installed in vendor/`);
}

function logEvent(
  event: { action: string; name: string; detail?: string },
  log: (line: string) => void,
): void {
  if (event.action === 'fetched') log(`Fetched  ${event.name} at ${event.detail}`);
  else if (event.action === 'linked') log(`Linked   ${event.name} -> ${event.detail}`);
  else if (event.action === 'removed') log(`Removed  ${event.name}`);
  else if (event.action === 'warning') log(`Warning: ${event.detail}`);
}
