// The current environment (`kf env current --set`), kept in the git-ignored .kf/ directory so it
// is a per-checkout choice, not part of the app.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readUtf8 } from '../util/fs-error.js';

export const LOCAL_STATE_DIR = '.kf';
const CURRENT_ENV_FILE = 'current-env';

export function currentEnvFile(root: string): string {
  return join(root, LOCAL_STATE_DIR, CURRENT_ENV_FILE);
}

export function readCurrentEnv(root: string): string | undefined {
  const file = currentEnvFile(root);
  if (!existsSync(file)) return undefined;
  const name = readUtf8(file).trim();
  return name === '' ? undefined : name;
}

export function writeCurrentEnv(root: string, name: string | undefined): void {
  const file = currentEnvFile(root);
  if (name === undefined) rmSync(file, { force: true });
  else writeFileAtomic(file, `${name}\n`, { root });
}

/** The environment a command acts on: the one given, else the current one. */
export function chooseEnvironment(root: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const current = readCurrentEnv(root);
  if (current === undefined) {
    throw new UserError('no environment given and no current environment set', {
      hint: "name one, or set a default with 'kf env current --set <env>'",
      exitCode: 2,
    });
  }
  return current;
}
