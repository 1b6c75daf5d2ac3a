// docs/commands.md is generated from the commands' own help (`npm run docs`); this fails when a
// command changed and the reference was not regenerated.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/run-kf.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('docs/commands.md matches the help of every command', () => {
  ensureBuilt();
  const copy = join(mkdtempSync(join(tmpdir(), 'kf-docs-')), 'commands.md');
  copyFileSync(join(root, 'docs', 'commands.md'), copy);
  execFileSync(
    join(root, 'node_modules', '.bin', 'oclif'),
    ['readme', '--readme-path', copy, '--no-source-links'],
    {
      cwd: root,
      // no update check: the oclif CLI would ask registry.npmjs.org (tests stay on loopback);
      // NODE_ENV=production: under vitest (NODE_ENV=test) oclif would load kf's help class
      // (oclif.helpClass) from src/*.ts instead of dist/, as bin/run.js never lets it.
      env: { ...process.env, OCLIF_SKIP_NEW_VERSION_CHECK: 'true', NODE_ENV: 'production' },
      stdio: 'ignore',
    },
  );
  expect(readFileSync(copy, 'utf8'), 'run `npm run docs` and commit docs/commands.md').toBe(
    readFileSync(join(root, 'docs', 'commands.md'), 'utf8'),
  );
}, 120_000);
