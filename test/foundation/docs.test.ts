// docs/commands.md is generated from the commands' own help (`npm run docs`); this fails when a
// command changed and the reference was not regenerated.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
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

// Messages send users to docs/<file>.md[#section] (hints carry docsFile()'s absolute path of the copy
// installed with kf): each named document ships in docs/, and each section is one of its headings,
// as GitHub makes anchors of them.
it("every docs/… a message or a flag's help names exists, with its #section", () => {
  const anchors = (file: string) =>
    new Set(
      [...readFileSync(join(root, 'docs', file), 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) =>
        (m[1] as string)
          .toLowerCase()
          .replace(/[^\w\- ]/g, '')
          .replace(/ /g, '-'),
      ),
    );
  const sources = execFileSync('git', ['ls-files', 'src'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.endsWith('.ts'));
  const named: string[] = [];
  for (const source of sources) {
    const text = readFileSync(join(root, source), 'utf8');
    for (const m of text.matchAll(/docsFile\('([\w.-]+)'\)\}?(#[\w-]+)?|\bdocs\/([\w.-]+\.md)(#[\w-]+)?/g)) {
      const file = (m[1] ?? m[3]) as string;
      const anchor = m[2] ?? m[4];
      named.push(`${source}: ${file}${anchor ?? ''}`);
      expect(existsSync(join(root, 'docs', file)), `${source} names docs/${file}`).toBe(true);
      if (anchor !== undefined)
        expect(anchors(file), `${source} names ${file}${anchor}`).toContain(anchor.slice(1));
    }
  }
  expect(named.length).toBeGreaterThan(10);
});
