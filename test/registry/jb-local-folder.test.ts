// `kf jb install <folder>` in a kf app run from one of its subfolders: the folder is the one the
// user named from where they stand (as a shell path), and jsonnetfile.json beside app.yaml records
// it relative to that file's folder, as jb does. It used to be joined to the app root as typed, so
// `../../lib` from components/ and an absolute path were "unable to parse package URI".
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runKf, tempDir } from '../helpers/run-kf.js';

it('takes a local folder relative to the working directory, or absolute, from inside a kf app', async () => {
  const top = tempDir('kf-jb-folder-');
  const app = join(top, 'app');
  expect((await runKf(['init', app])).exitCode).toBe(0);
  for (const name of ['lib1', 'lib2']) {
    mkdirSync(join(top, name));
    writeFileSync(join(top, name, 'main.libsonnet'), `{ name: '${name}' }\n`);
  }
  writeFileSync(join(app, 'jsonnetfile.json'), '{"version": 1, "dependencies": []}\n');
  const components = join(app, 'components');

  const relative = await runKf(['jb', 'install', '../../lib1'], { cwd: components });
  expect(relative.stderr).toBe('');
  expect(relative.exitCode).toBe(0);
  const absolute = await runKf(['jb', 'install', join(top, 'lib2')], { cwd: components });
  expect(absolute.stderr).toBe('');
  expect(absolute.exitCode).toBe(0);

  const spec = JSON.parse(readFileSync(join(app, 'jsonnetfile.json'), 'utf8')) as {
    dependencies: Array<{ source: { local?: { directory: string } } }>;
  };
  expect(spec.dependencies.map((d) => d.source.local?.directory)).toEqual(['../lib1', '../lib2']);
  expect(readlinkSync(join(app, 'vendor', 'lib1'))).toBe('../../lib1');
  expect(readlinkSync(join(app, 'vendor', 'lib2'))).toBe('../../lib2');

  // a folder that is not there is still refused, naming it
  const missing = await runKf(['jb', 'install', '../../nope'], { cwd: components });
  expect(missing.exitCode).toBe(2);
  expect(missing.stderr).toContain('unable to parse package URI `../../nope`');
});
