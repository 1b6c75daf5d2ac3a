// kf export into a folder its owner made read-only (chmod 555): the export replaces the folder
// as a whole (a rename in its parent), keeps its mode, and removes the old one.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { giveToUser, runKfAsUser } from '../helpers/run-kf-as-user.js';
import { fixtureApp } from './fixture.js';

describe('kf export into a read-only folder', () => {
  it('replaces it, keeps its mode, and leaves nothing beside it (was: exit 1 after replacing it, a .old folder left that failed every later export)', async () => {
    const app = fixtureApp();
    const home = join(dirname(app), 'home');
    mkdirSync(home);
    giveToUser(app);
    giveToUser(home);
    const kf = (args: string[]) => runKfAsUser(args, { cwd: app, home });
    expect((await kf(['export', '--all', 'out'])).exitCode).toBe(0);
    chmodSync(join(app, 'out'), 0o555);
    for (let run = 0; run < 2; run++) {
      const again = await kf(['export', '--all', 'out', '--merge-strategy', 'replace-envs']);
      expect(again.stderr).toMatch(/^exported \d+ objects of /);
      expect(again.exitCode).toBe(0);
      expect(readdirSync(app).filter((name) => name.includes('.kf-export-'))).toEqual([]);
      expect(statSync(join(app, 'out')).mode & 0o777).toBe(0o555);
      expect(readdirSync(join(app, 'out'))).toContain('manifest.json');
    }
  });
});
