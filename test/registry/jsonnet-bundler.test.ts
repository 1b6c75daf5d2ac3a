// `kf jb install` / `kf jb update` against jsonnet-bundler itself (jb v0.6.0, built from
// test/registry/go-jb): real projects' jsonnetfile.json and committed jsonnetfile.lock.json
// (kubernetes-mixin, Thanos' and rollout-operator's mixins, grafonnet's example) are installed by
// jb in one folder and by kf in another, and the two folders must be identical: every file's
// bytes, every link's target, the lock file. The repositories are the bare mirrors in /work/.mirror
// (KF_MIRROR), which git reaches through `url.<mirror>.insteadOf https://github.com/…` for both
// tools. Loopback only: git's http.proxy and every *_PROXY variable point to 127.0.0.1:9 (nothing
// listens there), so a remote not rewritten fails on loopback, and so does jb's GitHub archive
// download (it then falls back to git, the path kf takes).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goBinary } from '../helpers/go-binary.js';
import { runKf, tempDir } from '../helpers/run-kf.js';

const MIRROR = process.env.KF_MIRROR ?? '/work/.mirror';
const REPOS = [
  'kubernetes-monitoring/kubernetes-mixin',
  'thanos-io/thanos',
  'grafana/rollout-operator',
  'grafana/grafonnet',
  'grafana/grafonnet-lib',
  'grafana/jsonnet-libs',
  'jsonnet-libs/docsonnet',
  'jsonnet-libs/xtd',
];
const mirrorOf = (repo: string) => join(MIRROR, repo.replace('/', '+'), 'repo');
const missing = REPOS.filter((r) => !existsSync(mirrorOf(r)));

const DEAD = 'http://127.0.0.1:9';
const GIT_ENV: Record<string, string> = (() => {
  const config: Array<[string, string]> = REPOS.map((r) => [
    `url.file://${mirrorOf(r)}.insteadOf`,
    `https://github.com/${r}.git`,
  ]);
  config.push(['http.proxy', DEAD], ['init.defaultBranch', 'master']);
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(config.length), GIT_CONFIG_NOSYSTEM: '1' };
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  for (const proxy of ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'https_proxy', 'http_proxy', 'all_proxy'])
    env[proxy] = DEAD;
  env.NO_PROXY = '';
  env.no_proxy = '';
  return env;
})();

function jb(dir: string, args: string[]): void {
  const r = spawnSync(goBinary('registry/go-jb', 'jb', 'github.com/jsonnet-bundler/jsonnet-bundler/cmd/jb'), args, {
    cwd: dir,
    env: { ...process.env, ...GIT_ENV },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`jb ${args.join(' ')} failed: ${r.stderr}`);
}

async function kf(dir: string, args: string[]): Promise<string> {
  const r = await runKf(['jb', ...args], { cwd: dir, env: GIT_ENV });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

/** Every entry under `dir`: a file's sha256 and executable bit, a link's target, a folder. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string, rel: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const info = lstatSync(full);
      if (info.isSymbolicLink()) out[r] = `-> ${readlinkSync(full)}`;
      else if (info.isDirectory()) {
        out[r] = 'dir';
        walk(full, r);
      } else
        out[r] = `${info.mode & 0o111 ? 'x' : '-'} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk(dir, '');
  return out;
}

/** jb and kf each run `steps` in their own copy of `files`; after each step the two folders must be equal. */
async function sideBySide(files: Record<string, string>, steps: string[][]): Promise<Record<string, string>> {
  const root = tempDir('kf-jb-');
  const [byJb, byKf] = [join(root, 'jb'), join(root, 'kf')];
  for (const dir of [byJb, byKf]) {
    mkdirSync(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  }
  let result: Record<string, string> = {};
  for (const step of steps) {
    jb(byJb, step);
    await kf(byKf, step);
    result = tree(byJb);
    expect(tree(byKf)).toEqual(result);
  }
  return result;
}

function show(repo: string, commit: string, path: string): string {
  return execFileSync('git', ['--git-dir', mirrorOf(repo), 'show', `${commit}:${path}`], { encoding: 'utf8' });
}

if (missing.length > 0) {
  describe('kf jb install vs jsonnet-bundler', () => {
    it.skip(`NOT RUN — mirrors missing: ${missing.join(', ')} (bring them with the fetch tool)`, () => undefined);
  });
} else {
  describe('kf jb install vs jsonnet-bundler', () => {
    const committed = [
      ['kubernetes-monitoring/kubernetes-mixin', 'aa38e2bfa7ea6ec6870420b483046afe790a6411', ''],
      ['thanos-io/thanos', 'e103a81bd5943697394afcb4fb592b6ffa806c30', 'mixin/'],
      ['grafana/rollout-operator', 'd8840495f4025d775f298b34ee0b2e4a82aa370e', 'operations/rollout-operator-mixin/'],
    ];
    for (const [repo, commit, dir] of committed) {
      it(`${repo} ${dir}: its committed lock installed, each sum checked`, async () => {
        const lock = show(repo, commit, `${dir}jsonnetfile.lock.json`);
        const result = await sideBySide(
          { 'jsonnetfile.json': show(repo, commit, `${dir}jsonnetfile.json`), 'jsonnetfile.lock.json': lock },
          [['install'], ['install']],
        );
        expect(Object.keys(result).filter((p) => p.startsWith('vendor/')).length).toBeGreaterThan(10);
        // Each locked package's content hash is what the project committed.
        const root = tempDir('kf-jb-lock-');
        writeFileSync(join(root, 'jsonnetfile.json'), show(repo, commit, `${dir}jsonnetfile.json`));
        writeFileSync(join(root, 'jsonnetfile.lock.json'), lock);
        await kf(root, ['install']);
        const sums = (text: string) =>
          (JSON.parse(text) as { dependencies: Array<{ version: string; sum: string }> }).dependencies.map(
            (d) => `${d.version} ${d.sum}`,
          );
        expect(sums(readFileSync(join(root, 'jsonnetfile.lock.json'), 'utf8'))).toEqual(sums(lock));
      }, 300_000);
    }

    it("grafonnet's example: resolved from branches, then reinstalled, a tag added, updated", async () => {
      const result = await sideBySide(
        {
          'jsonnetfile.json': show('grafana/grafonnet', '7380c9c64fb973f34c3ec46265621a2b0dee0058', 'examples/simple/jsonnetfile.json'),
        },
        [['install'], ['install'], ['install', 'github.com/jsonnet-libs/xtd@v0.0.1'], ['update']],
      );
      expect(result['vendor/grafonnet-latest']).toBe('-> github.com/grafana/grafonnet/gen/grafonnet-latest');
      expect(result['vendor/xtd']).toBe('-> github.com/jsonnet-libs/xtd');
    }, 300_000);

    it('a modified vendored file is fetched again; a local folder, a custom legacy name, jsonnetfile version 0', async () => {
      const root = tempDir('kf-jb-local-');
      mkdirSync(join(root, 'mylib'));
      writeFileSync(join(root, 'mylib', 'lib.libsonnet'), '{ a: 1 }\n');
      // the older jsonnetfile format (no version: 0), with its names, in the local package
      writeFileSync(
        join(root, 'mylib', 'jsonnetfile.json'),
        JSON.stringify({
          dependencies: [
            { name: 'xtd-old', source: { git: { remote: 'https://github.com/jsonnet-libs/xtd', subdir: '' } }, version: 'v0.0.1' },
          ],
        }),
      );
      const spec = {
        version: 1,
        dependencies: [
          { source: { local: { directory: '../mylib' } }, version: '' },
          {
            source: { git: { remote: 'https://github.com/grafana/jsonnet-libs.git', subdir: 'mixin-utils' } },
            version: '6da2b4b82e73d1918023586430e00c7ab56976fd',
            name: 'utils',
          },
          {
            // a name that is the default one: jb drops it from both files
            source: { git: { remote: 'https://github.com/jsonnet-libs/docsonnet.git', subdir: 'doc-util' } },
            version: 'bf6f08ae02a51c48bdcec4629b1c1a5a62c6f803',
            name: 'doc-util',
          },
        ],
        legacyImports: true,
      };
      const files = { 'jsonnetfile.json': `${JSON.stringify(spec, null, 4)}\n` };
      const byJb = join(root, 'jb');
      const byKf = join(root, 'kf');
      for (const dir of [byJb, byKf]) {
        mkdirSync(dir);
        writeFileSync(join(dir, 'jsonnetfile.json'), files['jsonnetfile.json']);
      }
      for (const step of [['install'], ['install']]) {
        jb(byJb, step);
        await kf(byKf, step);
        expect(tree(byKf)).toEqual(tree(byJb));
      }
      expect(tree(byKf)['vendor/utils']).toBe('-> github.com/grafana/jsonnet-libs/mixin-utils');
      expect(tree(byKf)['vendor/mylib']).toBe('-> ../../mylib');
      expect(tree(byKf)['vendor/xtd-old']).toBe('-> github.com/jsonnet-libs/xtd');
      expect(readFileSync(join(byKf, 'jsonnetfile.json'), 'utf8')).not.toContain('"name": "doc-util"');
      for (const dir of [byJb, byKf])
        writeFileSync(join(dir, 'vendor/github.com/grafana/jsonnet-libs/mixin-utils/utils.libsonnet'), 'changed\n');
      jb(byJb, ['install']);
      const out = await kf(byKf, ['install']);
      expect(out).toMatch(/^Fetched {2}github.com\/grafana\/jsonnet-libs\/mixin-utils at 6da2b4b/m);
      expect(tree(byKf)).toEqual(tree(byJb));
    }, 300_000);

    it('in a kf app: the registries’ folders of vendor/ stay, which jb would remove', async () => {
      const app = join(tempDir('kf-jb-app-'), 'app');
      expect((await runKf(['init', app])).exitCode).toBe(0);
      for (const args of [['registry', 'add', 'kubeflow'], ['pkg', 'install', 'kubeflow/core']])
        expect((await runKf(args, { cwd: app })).exitCode).toBe(0);
      const packages = readdirSync(join(app, 'vendor', 'kubeflow'));
      expect(packages).toEqual([expect.stringMatching(/^core@/)]);
      const before = tree(join(app, 'vendor', 'kubeflow'));
      cpSync(join(app, 'app.yaml'), join(app, 'app.yaml.before'));
      writeFileSync(
        join(app, 'jsonnetfile.json'),
        show('thanos-io/thanos', 'e103a81bd5943697394afcb4fb592b6ffa806c30', 'mixin/jsonnetfile.json'),
      );
      await kf(join(app, 'components'), ['install']); // from inside the app: the files are at its root
      expect(tree(join(app, 'vendor', 'kubeflow'))).toEqual(before);
      expect(existsSync(join(app, 'jsonnetfile.lock.json'))).toBe(true);
      expect(existsSync(join(app, 'vendor', 'github.com', 'grafana', 'grafonnet-lib', 'grafonnet'))).toBe(true);
      expect(readFileSync(join(app, 'app.yaml'), 'utf8')).toBe(readFileSync(join(app, 'app.yaml.before'), 'utf8'));
    }, 300_000);

    it('bad input: a clear error naming the file, nothing written', async () => {
      const root = tempDir('kf-jb-bad-');
      writeFileSync(join(root, 'jsonnetfile.json'), '{"version": 1, "dependencies": [{"source": {"git": {"remote": "nope"}}}]}');
      const r = await runKf(['jb', 'install'], { cwd: root, env: GIT_ENV });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toBe(`kf: ${join(root, 'jsonnetfile.json')}: dependencies[0]: unable to parse git url \`nope\` (see jsonnet-bundler's jsonnetfile format)\n`);
      expect(readdirSync(root)).toEqual(['jsonnetfile.json']);
      const none = await runKf(['jb', 'install'], { cwd: tempDir('kf-jb-none-') });
      expect(none.exitCode).toBe(1);
      expect(none.stderr).toMatch(/^kf: no jsonnetfile.json in .*\(create one/);
    });
  });
}
