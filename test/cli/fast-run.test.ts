// Start-up fast path of the commands (bin/run.js → src/fast-run.ts, no oclif config
// loading) against oclif itself (KF_NO_FASTPATH=1): byte-identical stdout, stderr and exit codes.
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'tar';
import { fastCommandId, fastCommands } from '../../src/cli/fast-run.js';
import { git, serve } from '../registry/helpers.js';
import {
  REPO_ROOT,
  ensureBuilt,
  runKf,
  snapshotTree,
  tempDir,
  writeExecPlugin,
  writeTestKubeconfig,
} from '../helpers/run-kf.js';

const app = join(tempDir('kf-fast-run-'), 'app');
cpSync(join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic'), app, { recursive: true });

/** Invocations the fast path runs itself. */
const fastCases: string[][] = [
  ['env', 'list', '--output=json'],
  ['env', 'list', '--bogus'],
  ['component', 'list'],
  ['param', 'list', 'nope'],
  ['param', 'diff', 'dev', 'prod/eu'],
  ['prototype', 'list'],
  ['prototype', 'preview', 'deployed-service', '--name', 'x', '--image', 'nginx'],
  ['registry', 'describe', 'nope'],
  ['show', 'prod/eu', '-c', 'web'],
  ['show', 'dev', 'extra'],
  ['show', 'dev', '--debug', '-o', 'xml'],
  ['validate'],
  ['validate', 'prod/eu', '-o', 'json'],
  ['validate', 'nope'],
  ['param', 'set'],
  ['fmt', '--test'],
  ['fmt', '--diff', 'components', 'nope.jsonnet'],
  ['fmt', '--test', '--diff'],
  ['env', 'current', '--set', 'dev', '--unset'],
  ['status', 'dev', '--timeout', '5m'],
  // Cluster commands, up to the kubeconfig (runKf points KUBECONFIG at a missing file); the
  // integration tests (test/integration/cluster-ops) compare them on real clusters.
  ['apply', 'dev', '--yes'],
  ['apply', 'prod/eu', '--dry-run=client'],
  ['diff', 'nope'],
  ['diff', 'dev', 'prod/eu', '-s'],
  ['status', 'dev', '-o', 'json'],
  ['delete', 'prod/eu', '--yes'],
  ['validate', 'nope', '--server'],
  ['validate', '--server=true', 'dev'],
  ['version'],
  ['completion', 'bash'],
  ['completion', 'tcsh'],
  ['argocd', 'generate', 'dev'],
  ['argocd', 'generate'],
  ['upgrade', '--dry-run'],
];

/** Invocations left to oclif. */
const oclifCases: string[][] = [['env', 'list', '--help'], ['env', 'list', 'extra'], ['env'], ['argocd']];

/** Set-up run through oclif on both copies before an edit case: `SETUP … THEN <case>`. */
const registryAdd = ['registry', 'add', 'kubeflow', join(REPO_ROOT, 'registry', 'kubeflow')];
/** The built-in registry at another path, for `registry set --uri`. */
const movedRegistry = join(tempDir('kf-fast-registry-'), 'kubeflow');
cpSync(join(REPO_ROOT, 'registry', 'kubeflow'), movedRegistry, { recursive: true });
const withRegistry = ['SETUP', ...registryAdd, 'THEN'];
const withPackage = [...withRegistry, 'SETUP', 'pkg', 'install', 'kubeflow/core', 'THEN'];

/** Invocations the fast path runs itself that change the app (each side gets its own copy). */
const editCases: string[][] = [
  ['param', 'set', 'web', 'replicas', '5'],
  ['param', 'set', '--env', 'prod/eu', 'web', 'image', 'nginx:1.27'],
  ['param', 'set', 'nope', 'replicas', '5'],
  ['param', 'delete', 'web', 'replicas'],
  ['env', 'add', 'staging', '--namespace', 'staging'],
  ['env', 'add', 'dev'],
  ['env', 'add', 'mk', '--context', 'minikube'],
  ['env', 'add', 'mk', '--context', 'nope'],
  ['env', 'set', 'dev', '--namespace', 'dev2'],
  ['env', 'rm', 'prod/eu'],
  ['component', 'rm', 'web'],
  ['generate', 'namespace', 'team', '--name', 'team-b'],
  ['generate', 'nope', 'x'],
  ['init', 'other-app'],
  ['init', 'components'],
  ['registry', 'add', 'kubeflow', join(REPO_ROOT, 'registry', 'kubeflow')],
  ['registry', 'add', 'kubeflow', join(REPO_ROOT, 'nope')],
  [...withRegistry, 'pkg', 'install', 'kubeflow/core'],
  [...withRegistry, 'pkg', 'install', 'kubeflow/nope'],
  [...withRegistry, 'registry', 'rm', 'kubeflow'],
  [...withRegistry, 'registry', 'set', 'kubeflow', '--uri', movedRegistry],
  [...withRegistry, 'registry', 'set', 'kubeflow', '--uri', join(REPO_ROOT, 'nope')],
  [...withPackage, 'pkg', 'rm', 'kubeflow/core'],
  ['fmt'],
  ['fmt', 'components', '--indent', '4', '--no-pad-objects'],
];

/** An app's files; `kf init` gives each new app a random id, which is left out. */
function tree(dir: string): Map<string, string> {
  const files = snapshotTree(dir);
  for (const [name, text] of files) files.set(name, text.replace(/^id: [0-9a-f]+$/m, 'id: (random)'));
  return files;
}

async function both(args: string[]) {
  const fast = await runKf(args, { cwd: app });
  const oclif = await runKf(args, { cwd: app, env: { KF_NO_FASTPATH: '1' } });
  return { fast, oclif };
}

describe('command fast path', () => {
  beforeAll(() => ensureBuilt(), 600_000);

  it('knows each command as oclif does: same id, same source file, positional arguments or not', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, { args: Record<string, unknown>; strict?: boolean }>;
    };
    for (const [id, entry] of Object.entries(fastCommands)) {
      const command = manifest.commands[id];
      expect(command, id).toBeDefined();
      expect(entry.positional, id).toBe(Object.keys(command.args).length > 0 || command.strict === false);
      expect(existsSync(join(REPO_ROOT, 'src', 'commands', `${id.replace(/:/g, '/')}.ts`)), id).toBe(true);
    }
    // Every command: `eval` has its own bundle (dist/cli/eval.bundle.cjs) and `__complete` (tab
    // completion) its own path in bin/run.js; the rest are this one's.
    expect(Object.keys(manifest.commands).filter((id) => !(id in fastCommands))).toEqual([
      '__complete',
      'eval',
    ]);
  });

  it.each(fastCases.map((args) => [args.join(' '), args]))(
    'kf %s: fast path, same as oclif',
    async (_name, args) => {
      expect(fastCommandId(args)).toBeDefined();
      const { fast, oclif } = await both(args);
      // `argocd generate` says how long rendering took.
      const untimed = (r: typeof fast) => ({
        ...r,
        stderr: r.stderr.replace(/ in \d+ ms\n/g, ' in (time)\n'),
      });
      expect(untimed(fast)).toEqual(untimed(oclif));
    },
  );

  it.each(editCases.map((line) => [line.join(' ').replaceAll(REPO_ROOT, '<repo>'), line]))(
    'kf %s: fast path, same output and same app afterwards as oclif',
    async (_name, line) => {
      const setups: string[][] = [];
      let args = line;
      while (args[0] === 'SETUP') {
        const then = args.indexOf('THEN');
        setups.push(args.slice(1, then));
        args = args.slice(then + 1);
      }
      expect(fastCommandId(args)).toBeDefined();
      const kubeconfig = writeTestKubeconfig(tempDir('kf-fast-edit-kube-'));
      const copies: string[] = [];
      for (let i = 0; i < 2; i++) {
        const copy = join(tempDir('kf-fast-edit-'), 'app');
        cpSync(app, copy, { recursive: true });
        for (const setup of setups) {
          const r = await runKf(setup, { cwd: copy, env: { KUBECONFIG: kubeconfig, KF_NO_FASTPATH: '1' } });
          expect(r.exitCode, r.stderr).toBe(0);
        }
        copies.push(copy);
      }
      const before = tree(copies[0]);
      const fast = await runKf(args, { cwd: copies[0], env: { KUBECONFIG: kubeconfig } });
      const oclif = await runKf(args, {
        cwd: copies[1],
        env: { KUBECONFIG: kubeconfig, KF_NO_FASTPATH: '1' },
      });
      // Messages may name the app's folder (`kf init`), which differs between the copies.
      const seen = (r: typeof fast, copy: string) => JSON.parse(JSON.stringify(r).replaceAll(copy, '<app>'));
      expect(seen(fast, copies[0])).toEqual(seen(oclif, copies[1]));
      expect(tree(copies[0])).toEqual(tree(copies[1]));
      if (fast.exitCode === 0) expect(tree(copies[0])).not.toEqual(before);
    },
  );

  it.each(oclifCases.map((args) => [args.join(' '), args]))('kf %s: left to oclif', async (_name, args) => {
    expect(fastCommandId(args)).toBeUndefined();
    const { fast, oclif } = await both(args);
    expect(fast).toEqual(oclif);
  });

  it('prints what the command computes (sanity check of the comparison)', async () => {
    const list = await runKf(['env', 'list'], { cwd: app });
    expect(list).toEqual({
      stdout:
        'NAME     CONTEXT  NAMESPACE  SERVER\ndev               dev-ns\nprod/eu  gke      prod       https://127.0.0.1:7443\n',
      stderr: '',
      exitCode: 0,
    });
    const show = await runKf(['show', 'dev', '-o', 'json'], { cwd: app });
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain('"kind": "ConfigMap"');
    const usage = await runKf(['env', 'list', '-o', 'yaml'], { cwd: app });
    expect(usage.exitCode).toBe(2);
    expect(usage.stderr).toBe(
      'kf: Expected --output=yaml to be one of: table, json (see: kf env list --help)\n',
    );
  });

  it('says in one line, exit 1, when standard output cannot be written (> /dev/full: a full disk; was a stack trace)', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [
        ['eval', '-e', 'std.range(1, 300000)'],
        ['show', 'dev'],
        ['param', 'list'],
      ]) {
        for (const fastPathOff of [undefined, '1']) {
          const child = spawn('node', [ensureBuilt(), ...args], {
            cwd: app,
            env: { ...process.env, KF_NO_FASTPATH: fastPathOff },
            stdio: ['ignore', full, 'pipe'],
          });
          let stderr = '';
          child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
          const code = await new Promise((resolve) => child.on('close', resolve));
          expect({ args, fastPathOff, code, stderr }).toEqual({
            args,
            fastPathOff,
            code: 1,
            stderr: 'kf: cannot write standard output: no space left on device\n',
          });
        }
      }
    } finally {
      closeSync(full);
    }
  });

  it('runs without its caches where no folder can be made (XDG_CACHE_HOME under /proc; was: a hang)', async () => {
    // Every cache: V8's code (bin/run.js), compiled Jsonnet (a component over 1 KiB), validators.
    const copy = join(tempDir('kf-no-cache-'), 'app');
    cpSync(app, copy, { recursive: true });
    const labels = Array.from({ length: 60 }, (_, i) => `l${i}: 'value ${i}'`).join(', ');
    writeFileSync(
      join(copy, 'components', 'big.jsonnet'),
      `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { ${labels} } }\n`,
    );
    const unmakeable = { XDG_CACHE_HOME: '/proc/kf-no-cache-here' };
    for (const args of [
      ['show', 'dev'],
      ['validate', 'dev'],
    ]) {
      const plain = await runKf(args, { cwd: copy, env: { KF_NO_COMPILE_CACHE: '1' } });
      expect(plain.exitCode).toBe(0);
      expect(await runKf(args, { cwd: copy, env: unmakeable, timeout: 20_000 })).toEqual(plain);
    }
  });

  it('keeps a V8 code cache per command: written on the first run, used on the next, a damaged one replaced', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const dir = join(cache, 'kf', 'v8-code');
    const run = (args: string[]) => runKf(args, { cwd: app, env: { XDG_CACHE_HOME: cache } });
    const files = () => (existsSync(dir) ? readdirSync(dir).sort() : []);
    // A command line the fast path leaves to oclif loads no bundle and writes no cache.
    expect((await run(['env'])).exitCode).toBe(0);
    expect(files()).toEqual([]);
    const list = await run(['env', 'list']);
    expect(list.exitCode).toBe(0);
    const show = await run(['show', 'dev']);
    expect(show.exitCode).toBe(0);
    expect(files()).toEqual([
      expect.stringMatching(/^fast-env\.list-v\d+\.\d+\.\d+-.+\.bin$/),
      expect.stringMatching(/^fast-show-v\d+\.\d+\.\d+-.+\.bin$/),
    ]);
    const entry = join(dir, files()[1]);
    const written = statSync(entry);
    expect(written.size).toBeGreaterThan(100_000);
    expect(await run(['show', 'dev'])).toEqual(show);
    expect(statSync(entry).mtimeMs).toBe(written.mtimeMs); // read, not rewritten
    writeFileSync(entry, 'not a code cache');
    expect(await run(['show', 'dev'])).toEqual(show);
    expect(statSync(entry).size).toBeGreaterThan(100_000);
    expect(await run(['env', 'list'])).toEqual(list);
    rmSync(cache, { recursive: true, force: true });
  });

  it("loads std.parseYaml's YAML code (its own bundle, with its own code cache) as oclif does", async () => {
    const yamlApp = join(tempDir('kf-fast-yaml-'), 'app');
    cpSync(app, yamlApp, { recursive: true });
    writeFileSync(
      join(yamlApp, 'components', 'from-yaml.jsonnet'),
      "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-yaml' }, data: { parsed: std.manifestJsonMinified(std.parseYaml('a: [1, on]\\nb: 0x1F\\n')) } }\n",
    );
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    const args = ['show', 'dev', '-c', 'from-yaml', '-o', 'json'];
    const fast = await runKf(args, { cwd: yamlApp, env: { XDG_CACHE_HOME: cache } });
    const oclif = await runKf(args, { cwd: yamlApp, env: { KF_NO_FASTPATH: '1' } });
    expect(fast).toEqual(oclif);
    expect(fast.exitCode).toBe(0);
    expect(fast.stdout).toContain('"parsed": "{\\"a\\":[1,true],\\"b\\":31}"');
    expect(readdirSync(join(cache, 'kf', 'v8-code')).sort()).toEqual([
      expect.stringMatching(/^fast-show-v\d+\.\d+\.\d+-.+\.bin$/),
      expect.stringMatching(/^goyaml-v2-v\d+\.\d+\.\d+-.+\.bin$/),
    ]);
    // From both code caches.
    expect(await runKf(args, { cwd: yamlApp, env: { XDG_CACHE_HOME: cache } })).toEqual(fast);
    rmSync(cache, { recursive: true, force: true });
  });

  it("runs a kubeconfig's exec plugin (through @kubernetes/client-node) as oclif does", async () => {
    const dir = tempDir('kf-fast-exec-');
    const plugin = writeExecPlugin(dir, 't', join(dir, 'runs'));
    // The server of render-basic's prod/eu, where nothing listens: the request is refused.
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:7443'}}]",
        `users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ${plugin}, interactiveMode: Never}}}]`,
        'contexts: [{name: gke, context: {cluster: c, user: u}}]',
        'current-context: gke',
        '',
      ].join('\n'),
    );
    const fast = await runKf(['status', 'prod/eu'], { cwd: app, env: { KUBECONFIG: kubeconfig } });
    const oclif = await runKf(['status', 'prod/eu'], {
      cwd: app,
      env: { KUBECONFIG: kubeconfig, KF_NO_FASTPATH: '1' },
    });
    expect(fast).toEqual(oclif);
    expect(fast.stderr).toMatch(
      /^kf: cannot reach the API server https:\/\/127\.0\.0\.1:7443 \(context gke\)/,
    );
    expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('ran\nran\n');
  });

  it('imports execa (git registries) and tar (archives) from the bundle, with and without its code cache', async () => {
    const source = tempDir('kf-fast-import-');
    const repo = join(source, 'repo.git');
    cpSync(join(REPO_ROOT, 'registry', 'kubeflow'), join(repo, 'kubeflow'), { recursive: true });
    await git(repo, 'init', '--quiet', '--initial-branch=main');
    await git(repo, 'add', '.');
    await git(repo, 'commit', '--quiet', '-m', 'v1');
    const archive = join(source, 'kubeflow.tar.gz');
    await create({ gzip: true, cwd: join(repo, 'kubeflow', '..'), file: archive, portable: true }, [
      'kubeflow',
    ]);
    const server = await serve(new Map([['/kubeflow.tar.gz', readFileSync(archive)]]));
    const cache = mkdtempSync(join(tmpdir(), 'kf-v8-code-'));
    try {
      for (const uri of [`file://${repo}//kubeflow?ref=main`, `${server.url}/kubeflow.tar.gz`]) {
        // The first run compiles the bundle and writes its code cache, the second is compiled from it.
        const runs = [];
        for (const env of [{}, {}, { KF_NO_FASTPATH: '1' }]) {
          const copy = join(tempDir('kf-fast-import-app-'), 'app');
          cpSync(app, copy, { recursive: true });
          const result = await runKf(['registry', 'add', 'kf', uri], {
            cwd: copy,
            env: { ...env, XDG_CACHE_HOME: cache },
          });
          expect(result.stderr, uri).toBe('');
          expect(result.stdout).toMatch(/^Added registry 'kf' \((git|archive) .*: 3 packages\n$/);
          runs.push(result);
        }
        expect(runs[1]).toEqual(runs[0]);
        expect(runs[2]).toEqual(runs[0]);
      }
      expect(readdirSync(join(cache, 'kf', 'v8-code'))).toEqual([
        expect.stringMatching(/^fast-registry\.add-/),
      ]);
    } finally {
      await server.close();
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
