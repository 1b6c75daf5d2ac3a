// kf as a product: what `npm pack` ships, and that the packed tarball, installed with
// `npm install -g --prefix <tmp>` into a clean prefix, works from a directory outside the
// repository — the walkthrough's offline half as a new user types it, and the library API
// imported by a separate package. npm resolves kf's dependencies from a registry on 127.0.0.1
// that serves them out of the local npm cache (test/helpers/loopback-registry.ts): nothing
// leaves loopback.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir, writeTestKubeconfig } from '../helpers/run-kf.js';
import { startLoopbackRegistry, type LoopbackRegistry } from '../helpers/loopback-registry.js';

/** The environment of npm and kf children: no npm_* settings of an enclosing `npm test`, no proxies. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^npm_|^(https?|all|no)_proxy$/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', OCLIF_SKIP_NEW_VERSION_CHECK: 'true', ...extra };
}

/** Files of the working tree that git would commit (tracked, plus untracked but not ignored). */
function workingTreeFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(REPO_ROOT, f)));
}

/** What the tarball must hold besides dist/: every file read at run time from the package root. */
function expectedNonDistFiles(): string[] {
  const shipped = workingTreeFiles().filter(
    (f) =>
      f.startsWith('docs/') ||
      f.startsWith('prototypes/') ||
      f.startsWith('registry/') ||
      /^src\/render\/schemas\/kubernetes-\d+\.\d+\.json\.gz$/.test(f),
  );
  return [
    ...shipped,
    'README.md',
    'bin/package.json',
    'bin/run.js',
    'oclif.manifest.json',
    'package.json',
  ].sort();
}

describe('npm pack --dry-run', () => {
  it('lists the runtime files and nothing from the development tree', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      encoding: 'utf8',
    });
    const files = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
    const nonDist = files.filter((f) => !f.startsWith('dist/')).sort();
    // oclif.manifest.json and npm-shrinkwrap.json are written by the build (prepack); a dry run
    // without scripts lists them only when a build left them behind.
    const optional = new Set(['oclif.manifest.json']);
    expect(nonDist.filter((f) => !optional.has(f))).toEqual(
      expectedNonDistFiles().filter((f) => !optional.has(f)),
    );
    expect(files.filter((f) => /\.map$|^test\/|^bench\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });
});

describe('the packed tarball installed into a clean prefix', () => {
  let work: string;
  let prefix: string;
  let registry: LoopbackRegistry | undefined;
  let tarballFiles: string[];
  /** the walkthrough's working directory (its app is used by the library example) */
  let outside: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    work = tempDir('kf-pack-');
    // Pack a copy of the working tree so the prepack build cannot pull dist/ from under the
    // other test files running against the repository.
    let started = Date.now();
    const copy = join(work, 'kf');
    for (const file of workingTreeFiles()) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      cpSync(join(REPO_ROOT, file), join(copy, file));
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
    const packed = join(work, 'packed');
    mkdirSync(packed);
    await execa('npm', ['pack', '--pack-destination', packed, '--loglevel=error'], {
      cwd: copy,
      env: cleanEnv(),
      extendEnv: false,
    });
    const [tarball] = readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    timings.pack = Date.now() - started;
    tarballFiles = execFileSync('tar', ['tzf', join(packed, tarball)], { encoding: 'utf8' })
      .split('\n')
      .filter((f) => f !== '')
      .map((f) => f.replace(/^package\//, ''));

    started = Date.now();
    registry = await startLoopbackRegistry(join(REPO_ROOT, 'package-lock.json'));
    prefix = join(work, 'prefix');
    const userconfig = join(work, 'npmrc');
    writeFileSync(userconfig, '');
    // execa, not execFileSync: the registry answers from this process's event loop.
    await execa(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--registry',
        registry.url,
        '--userconfig',
        userconfig,
        '--cache',
        join(work, 'npm-cache'),
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
        '--loglevel=error',
        join(packed, tarball),
      ],
      { cwd: work, env: cleanEnv(), extendEnv: false },
    );
    timings.install = Date.now() - started;
  }, 600_000);

  afterAll(async () => {
    await registry?.close();
    console.log(`package test timings (ms): ${JSON.stringify(timings)}`);
  });

  it('ships dist/ built by prepack, the runtime data files, and no sources or tests', () => {
    const nonDist = tarballFiles.filter((f) => !f.startsWith('dist/')).sort();
    expect(nonDist).toEqual(expectedNonDistFiles());
    for (const file of [
      'dist/commands/init.js',
      'dist/jsonnet/index.js',
      'dist/jsonnet/index.d.ts',
      'dist/cli/eval.bundle.cjs',
      'dist/fast/render-worker.js',
      'dist/fast/commands.cjs',
      'dist/fast/ids.cjs',
      'dist/root-help.txt',
      'dist/render/render-worker.js',
    ])
      expect(tarballFiles, file).toContain(file);
    expect(tarballFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('runs the offline walkthrough from a directory outside the repository', async () => {
    const started = Date.now();
    outside = tempDir('kf-installed-');
    expect(realpathSync(outside).startsWith(realpathSync(REPO_ROOT))).toBe(false);
    const kubeconfig = writeTestKubeconfig(outside);
    const env = cleanEnv({
      PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`,
      KUBECONFIG: kubeconfig,
    });
    const app = join(outside, 'my-kubeflow');
    const kf = async (args: string[], cwd = app) => {
      // `kf` as found on PATH, exactly as a user's shell finds it.
      const result = await execa('kf', args, { cwd, env, extendEnv: false, reject: false });
      expect(result.exitCode, `kf ${args.join(' ')}: ${result.stderr}`).toBe(0);
      // no warnings (oclif's, Node's); validate reports its summary on stderr
      expect(result.stderr, `kf ${args.join(' ')}`).not.toMatch(/warning|error/i);
      return `${result.stdout}${result.stderr}`;
    };
    expect(await kf(['--version'], outside)).toMatch(/^kf\/\d+\.\d+\.\d+ /);
    await kf(['init', 'my-kubeflow'], outside);
    expect(await kf(['registry', 'add', 'kubeflow'])).toContain("Added registry 'kubeflow'");
    await kf(['pkg', 'install', 'kubeflow/core']);
    expect(existsSync(join(app, 'vendor', 'kubeflow', 'core@0.1.0', 'parts.yaml'))).toBe(true);
    // A git registry: the installed kf imports execa from its own dependencies, from the commands'
    // bundle as compiled from its code cache (written by the `registry add` above).
    const repo = join(outside, 'registry.git');
    cpSync(join(REPO_ROOT, 'registry', 'kubeflow'), join(repo, 'kubeflow'), { recursive: true });
    for (const args of [
      ['init', '--quiet'],
      ['add', '.'],
      ['commit', '--quiet', '-m', 'registry'],
    ])
      execFileSync('git', ['-c', 'user.email=test@kf.dev', '-c', 'user.name=kf tests', ...args], {
        cwd: repo,
      });
    expect(await kf(['registry', 'add', 'fromgit', `file://${repo}//kubeflow?ref=HEAD`])).toMatch(
      /^Added registry 'fromgit' \(git file:/,
    );
    await kf(['generate', 'core', 'kubeflow-core', '--name=kubeflow-core']);
    const shown = await kf(['show', 'default']);
    expect(shown).toContain('kind: CustomResourceDefinition');
    expect(shown).toContain('name: tfjobs.kubeflow.org');
    // validate reads the schemas bundled in the package (src/render/schemas/*.json.gz).
    expect(await kf(['validate'])).toMatch(/objects, Kubernetes 1\.\d+: valid/);
    await kf(['export', '--all', 'rendered']);
    expect(await kf(['export', '--check', 'rendered', '--all'])).toContain('up to date');
    // A hint's document is the copy installed with kf: a path that opens from anywhere.
    mkdirSync(join(outside, 'broken-app'));
    writeFileSync(join(outside, 'broken-app', 'app.yaml'), 'apiVersion: kf.dev/v1alpha1\nkind: App\n');
    const broken = await execa('kf', ['env', 'list'], {
      cwd: join(outside, 'broken-app'),
      env,
      extendEnv: false,
      reject: false,
    });
    expect(broken.exitCode).toBe(1);
    const doc = /\(see (\/\S+\.md)\)$/.exec(broken.stderr.trim())?.[1];
    expect(doc, broken.stderr).toBe(
      join(realpathSync(prefix), 'lib', 'node_modules', 'kf', 'docs', 'app-format.md'),
    );
    expect(readFileSync(doc as string, 'utf8')).toMatch(/^# /);
    timings.walkthrough = Date.now() - started;
  }, 300_000);

  it('serves the library API to a separate package: docs/api.md example, type-checked and run', async () => {
    const started = Date.now();
    const consumer = tempDir('kf-consumer-');
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'kf-consumer', private: true, type: 'module' }),
    );
    // The installed package itself (its own node_modules included), as `npm install <tgz>` would place it.
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(join(prefix, 'lib', 'node_modules', 'kf'), join(consumer, 'node_modules', 'kf'));
    const api = readFileSync(join(REPO_ROOT, 'docs', 'api.md'), 'utf8');
    const examples = [...api.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const outputs = [...api.matchAll(/Output:\s*```text\n([\s\S]*?)```/g)].map((m) => m[1]);
    // `kf` (the workflow layer) first, then `kf/jsonnet`
    expect(examples, 'docs/api.md has one ```ts example per entry point').toHaveLength(2);
    expect(outputs, 'docs/api.md shows the output of each example').toHaveLength(2);
    examples.forEach((code, i) => writeFileSync(join(consumer, `example${i}.ts`), code));
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          // a Node.js project has @types/node; take the repository's
          types: ['node'],
          typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
          outDir: 'out',
        },
        files: ['example0.ts', 'example1.ts'],
      }),
    );
    // Type-checks against the installed declarations (kf's `exports` `types`), then runs.
    const tsc = await execa(join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', consumer], {
      cwd: consumer,
      reject: false,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);
    for (const [i, args] of [[join(outside, 'my-kubeflow')], []].entries()) {
      const run = await execa(process.execPath, [join(consumer, 'out', `example${i}.js`), ...args], {
        cwd: consumer,
        env: cleanEnv(),
        extendEnv: false,
        reject: false,
      });
      expect(run.stderr, `example ${i}`).toBe('');
      expect(run.stdout + '\n', `example ${i}`).toBe(outputs[i]);
    }
    // Only the documented entry points are public.
    const deep = await execa(
      process.execPath,
      ['--input-type=module', '-e', "await import('kf/dist/app/app.js')"],
      {
        cwd: consumer,
        reject: false,
      },
    );
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    timings.library = Date.now() - started;
  }, 300_000);
});

describe('examples', () => {
  it('install kf the way the README does, from a tarball made by npm pack, never from the registry', () => {
    const files = [
      'README.md',
      'examples/gitops/argocd/Dockerfile',
      'examples/gitops/github-actions/kf-gitops.yml',
    ].map((f) => [f, readFileSync(join(REPO_ROOT, f), 'utf8')] as const);
    for (const [file, text] of files) expect(text, file).not.toMatch(/install (--global|-g) kf(@|\s|$)/m);
    for (const [file, text] of files) expect(text, file).toMatch(/npm pack/);
  });
});
