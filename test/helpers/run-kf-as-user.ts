// Runs the built kf as a user whom file permissions bind: as root (which they do not bind) it runs
// as nobody through setpriv, otherwise as the current user. For tests of read-only folders.
import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { ensureBuilt } from './run-kf.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Makes `path` (recursively) the user's, and its parent folder passable. */
export function giveToUser(path: string): void {
  if (!asRoot) return;
  chmodSync(dirname(path), 0o755);
  chownTree(path);
}

function chownTree(path: string): void {
  chownSync(path, NOBODY, NOBODY);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry));
}

/** `kf args` in `cwd` as that user, with HOME `home` (which the user must own). */
export async function runKfAsUser(
  args: string[],
  options: { cwd: string; home: string },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const prefix = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : [];
  const command = [...prefix, 'node', ensureBuilt(), ...args];
  const result = await execa(command[0], command.slice(1), {
    cwd: options.cwd,
    env: { HOME: options.home, NO_COLOR: '1', KUBECONFIG: join(options.home, 'no-kubeconfig') },
    extendEnv: false,
    reject: false,
  });
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
