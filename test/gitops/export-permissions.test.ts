// kf export into a folder its owner made read-only (chmod 555): the export replaces the folder
// as a whole (a rename in its parent), keeps its mode, and removes the old one. Permissions only
// bind a user other than root, so as root the command runs as nobody (setpriv), as a user would.
import { chmodSync, chownSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/run-kf.js';
import { fixtureApp } from './fixture.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** An app and a HOME that the user running kf owns. */
function ownedApp(): { app: string; home: string } {
  const app = fixtureApp();
  const home = join(dirname(app), 'home');
  mkdirSync(home);
  if (asRoot) {
    chmodSync(dirname(app), 0o755);
    for (const path of [app, home]) chownTree(path);
  }
  return { app, home };
}

function chownTree(path: string): void {
  chownSync(path, NOBODY, NOBODY);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry));
}

async function kfAsUser(args: string[], cwd: string, home: string) {
  const command = [
    ...(asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'] : []),
    'node',
    ensureBuilt(),
    ...args,
  ];
  const result = await execa(command[0], command.slice(1), {
    cwd,
    env: { HOME: home, NO_COLOR: '1', KUBECONFIG: join(home, 'no-kubeconfig') },
    reject: false,
  });
  return { exitCode: result.exitCode, stderr: String(result.stderr) };
}

function leftovers(app: string): string[] {
  return readdirSync(app).filter((name) => name.includes('.kf-export-'));
}

describe('kf export into a read-only folder', () => {
  it('replaces it, keeps its mode, and leaves nothing beside it (was: exit 1 after replacing it, a .old folder left that failed every later export)', async () => {
    const { app, home } = ownedApp();
    expect((await kfAsUser(['export', '--all', 'out'], app, home)).exitCode).toBe(0);
    chmodSync(join(app, 'out'), 0o555);
    for (let run = 0; run < 2; run++) {
      const again = await kfAsUser(['export', '--all', 'out', '--merge-strategy', 'replace-envs'], app, home);
      expect(again.stderr).toMatch(/^exported \d+ objects of /);
      expect(again.exitCode).toBe(0);
      expect(leftovers(app)).toEqual([]);
      expect(statSync(join(app, 'out')).mode & 0o777).toBe(0o555);
      expect(readdirSync(join(app, 'out'))).toContain('manifest.json');
    }
  });
});
