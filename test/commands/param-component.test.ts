import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffLines } from 'diff';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runKf, snapshotTree, tempDir } from '../helpers/run-kf.js';

// The first run may build kf (see test/helpers/build-if-stale.mjs): give it the hook timeout.
beforeAll(() => void ensureBuilt(), 600_000);

/** init + a generated component `web` + environments `gke` and `us-west/staging`. */
async function appWithComponent(): Promise<string> {
  const parent = tempDir();
  expect((await runKf(['init', 'app', '--namespace', 'ml'], { cwd: parent })).exitCode).toBe(0);
  const root = join(parent, 'app');
  for (const args of [
    ['generate', 'deployed-service', 'web', '--image=nginx:1.27'],
    ['env', 'add', 'gke', '--namespace', 'gpu'],
    ['env', 'add', 'us-west/staging'],
  ]) {
    const result = await runKf(args, { cwd: root });
    expect(result.stderr, args.join(' ')).toBe('');
  }
  return root;
}

function changedLines(before: string, after: string): string[] {
  return diffLines(before, after)
    .filter((p) => p.added || p.removed)
    .flatMap((p) =>
      p.value
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => `${p.added ? '+' : '-'}${l}`),
    );
}

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');

describe('kf param', () => {
  let root: string;
  beforeAll(async () => {
    root = await appWithComponent();
  });

  it('sets a component parameter in place (one line changes)', async () => {
    const before = read(root, 'components/params.libsonnet');
    const result = await runKf(['param', 'set', 'web', 'replicas', '3'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(changedLines(before, read(root, 'components/params.libsonnet'))).toEqual([
      '-      replicas: 1,',
      '+      replicas: 3,',
    ]);
  });

  it('writes an environment override only into that environment, keeping its comments', async () => {
    const gkeBefore = read(root, 'environments/gke/params.libsonnet');
    const staging = read(root, 'environments/us-west/staging/params.libsonnet');
    const base = read(root, 'components/params.libsonnet');
    expect((await runKf(['param', 'set', '--env=gke', 'web', 'replicas', '5'], { cwd: root })).exitCode).toBe(
      0,
    );
    expect(changedLines(gkeBefore, read(root, 'environments/gke/params.libsonnet'))).toEqual([
      '+    web+: { replicas: 5 },',
    ]);
    expect(read(root, 'environments/us-west/staging/params.libsonnet')).toBe(staging);
    expect(read(root, 'components/params.libsonnet')).toBe(base);

    const list = await runKf(['param', 'list', 'web', '--env', 'gke', '-o', 'json'], { cwd: root });
    expect(JSON.parse(list.stdout).replicas).toBe(5);
    const other = await runKf(['param', 'list', 'web', '--env', 'us-west/staging', '-o', 'json'], {
      cwd: root,
    });
    expect(JSON.parse(other.stdout).replicas).toBe(3);
  });

  it('sets globals and environment globals with ksonnet precedence', async () => {
    expect((await runKf(['param', 'set', 'team', 'ml'], { cwd: root })).exitCode).toBe(0);
    expect(
      (await runKf(['param', 'set', '--env', 'us-west/staging', 'team', 'staging-team'], { cwd: root }))
        .exitCode,
    ).toBe(0);
    expect(read(root, 'components/params.libsonnet')).toContain(
      "global: {\n    // replicas: 4,\n    team: 'ml',\n  }",
    );
    expect(read(root, 'environments/us-west/staging/globals.libsonnet')).toContain(
      "  team: 'staging-team',\n}",
    );
    const gke = JSON.parse(
      (await runKf(['param', 'list', 'web', '--env', 'gke', '-o', 'json'], { cwd: root })).stdout,
    );
    const staging = JSON.parse(
      (await runKf(['param', 'list', 'web', '--env', 'us-west/staging', '-o', 'json'], { cwd: root })).stdout,
    );
    expect(gke.team).toBe('ml');
    expect(staging.team).toBe('staging-team');
  });

  it('warns when a value just set does not take effect because a global or an override wins', async () => {
    const root = await appWithComponent();
    const set = (...args: string[]) => runKf(['param', 'set', ...args], { cwd: root });
    const plain = await set('web', 'replicas', '2');
    expect([plain.stderr, plain.exitCode]).toEqual(['', 0]);
    expect((await set('--env', 'gke', 'replicas', '5')).stderr).toBe('');
    const envGlobal = await set('--env', 'gke', 'web', 'replicas', '3');
    expect(envGlobal.exitCode).toBe(0);
    expect(envGlobal.stderr).toBe(
      'kf: warning: web.replicas stays 5 in environment gke: environments/gke/globals.libsonnet sets replicas for every component and wins (ksonnet precedence)\n',
    );
    expect(read(root, 'environments/gke/params.libsonnet')).toContain('web+: { replicas: 3 },');
    expect((await set('--env', 'us-west/staging', 'web', 'image', 'nginx:1.28')).stderr).toBe('');
    const overridden = await set('web', 'image', 'nginx:1.29');
    expect(overridden.stderr).toBe(
      'kf: warning: web.image stays "nginx:1.28" in environment us-west/staging: environments/us-west/staging/params.libsonnet overrides it (ksonnet precedence)\n',
    );
    // gke's own globals keep replicas at 5 there (was: no warning)
    expect((await set('replicas', '4')).stderr).toBe(
      'kf: warning: global replicas stays 5 in environment gke: environments/gke/globals.libsonnet sets replicas for every component and wins (ksonnet precedence)\n',
    );
    expect((await set('web', 'replicas', '6')).stderr).toBe(
      'kf: warning: web.replicas stays 4 before any environment: the global replicas in components/params.libsonnet wins (ksonnet precedence)\n',
    );
  });

  it('warns in one line naming every environment whose own globals keep a global just set from taking effect', async () => {
    const root = await appWithComponent();
    const set = (...args: string[]) => runKf(['param', 'set', ...args], { cwd: root });
    expect((await set('--env', 'gke', 'replicas', '5')).stderr).toBe('');
    expect((await set('--env', 'us-west/staging', 'replicas', '3')).stderr).toBe('');
    const global = await set('replicas', '4');
    expect([global.exitCode, global.stdout]).toEqual([
      0,
      'Set global replicas = 4 in components/params.libsonnet\n',
    ]);
    expect(global.stderr).toBe(
      "kf: warning: global replicas stays 5 in environment gke, 3 in environment us-west/staging: each environment's globals.libsonnet sets replicas for every component and wins (ksonnet precedence)\n",
    );
    // the same value as an environment's: nothing to say of it
    expect((await set('replicas', '5')).stderr).toBe(
      'kf: warning: global replicas stays 3 in environment us-west/staging: environments/us-west/staging/globals.libsonnet sets replicas for every component and wins (ksonnet precedence)\n',
    );
    expect((await set('team', 'ml')).stderr).toBe('');
  });

  it('refuses a global named after a component (a forgotten value), and changes nothing', async () => {
    const root = await appWithComponent();
    const before = ['components/params.libsonnet', 'environments/gke/globals.libsonnet'].map((f) =>
      existsSync(join(root, f)) ? read(root, f) : undefined,
    );
    const forgot = await runKf(['param', 'set', 'web', 'replicas'], { cwd: root });
    expect([forgot.exitCode, forgot.stdout]).toEqual([2, '']);
    expect(forgot.stderr).toBe(
      "kf: 'web' is a component, not a global parameter: the value is missing (kf param set web replicas <value>)\n",
    );
    const inEnv = await runKf(['param', 'set', '--env', 'gke', 'web', 'replicas'], { cwd: root });
    expect(inEnv.stderr).toBe(
      "kf: 'web' is a component, not a global parameter: the value is missing (kf param set --env gke web replicas <value>)\n",
    );
    expect(
      ['components/params.libsonnet', 'environments/gke/globals.libsonnet'].map((f) =>
        existsSync(join(root, f)) ? read(root, f) : undefined,
      ),
    ).toEqual(before);
  });

  it('parses values as literals unless --as-string, and supports dotted keys', async () => {
    await runKf(['param', 'set', 'web', 'labels', '{"tier": "frontend"}'], { cwd: root });
    await runKf(['param', 'set', 'web', 'labels.owner', 'alice'], { cwd: root });
    await runKf(['param', 'set', 'web', 'version', '2', '--as-string'], { cwd: root });
    await runKf(['param', 'set', 'web', 'args', '["--port", "80"]'], { cwd: root });
    await runKf(['param', 'set', 'web', 'nothing', 'null'], { cwd: root });
    const params = JSON.parse((await runKf(['param', 'list', 'web', '-o', 'json'], { cwd: root })).stdout);
    expect(params).toMatchObject({
      labels: { tier: 'frontend', owner: 'alice' },
      version: '2',
      args: ['--port', '80'],
      nothing: null,
    });
  });

  it('lists parameters as a table and diffs two environments', async () => {
    const table = await runKf(['param', 'list', '--env', 'gke'], { cwd: root });
    expect(table.stdout).toMatch(/^COMPONENT\s+PARAM\s+VALUE\n/);
    expect(table.stdout).toMatch(/web\s+replicas\s+5\n/);
    const diff = await runKf(['param', 'diff', 'gke', 'us-west/staging'], { cwd: root });
    // like `kf diff`: 3 when the environments differ, 0 when they do not
    expect(diff.exitCode).toBe(3);
    expect(diff.stderr).toBe('');
    const same = await runKf(['param', 'diff', 'gke', 'gke'], { cwd: root });
    expect(same.exitCode).toBe(0);
    expect(diff.stdout).toMatch(/web\s+replicas\s+5\s+3/);
    expect(diff.stdout).toMatch(/web\s+team\s+"ml"\s+"staging-team"/);
    expect(diff.stdout).not.toMatch(/web\s+image/);
  });

  it('never takes a missing argument from stdin', async () => {
    // oclif reads a missing argument from stdin when stdin is not a terminal: piped text became
    // COMPONENT, and a `while read` loop around kf lost its input.
    const plain = await runKf(['param', 'list'], { cwd: root });
    const piped = await runKf(['param', 'list'], { cwd: root, input: 'nosuch\nmore lines\n' });
    expect(piped).toEqual(plain);
    expect(plain.stdout).toMatch(/web\s+replicas/);
    // ENV is optional (the current environment): piped text is not taken for it either.
    const show = await runKf(['show'], { cwd: root, input: 'gke\n' });
    expect(show).toEqual(await runKf(['show'], { cwd: root }));
    expect(show.stderr).toMatch(/no environment given/);
  });

  it('deletes parameters (and unset is an alias)', async () => {
    const before = read(root, 'environments/gke/params.libsonnet');
    expect(
      (await runKf(['param', 'delete', '--env', 'gke', 'web', 'replicas'], { cwd: root })).exitCode,
    ).toBe(0);
    // web's override held only replicas: it goes, line and all (web+: {} was left behind).
    expect(before).toMatch(/\n *web\+: \{ replicas: 5 \},\n/);
    expect(read(root, 'environments/gke/params.libsonnet')).toBe(
      before.replace(/\n *web\+: \{ replicas: 5 \},\n/, '\n'),
    );
    const unused = await runKf(['param', 'unset', 'web', 'nothing'], { cwd: root });
    expect(unused.exitCode).toBe(0);
    expect(unused.stderr).toBe(''); // web does not read params.nothing
    expect(read(root, 'components/params.libsonnet')).not.toContain('nothing');
    // A parameter the component reads: deleted as ksonnet did, with a warning naming the read.
    const replicasBefore = read(root, 'components/params.libsonnet');
    const used = await runKf(['param', 'delete', 'web', 'replicas'], { cwd: root });
    expect(used.exitCode).toBe(0);
    expect(used.stderr).toMatch(
      /^kf: warning: components\/web\.jsonnet:\d+ still reads params\.replicas: web fails to render where no environment sets it \(kf param set web replicas VALUE puts it back\)\n$/,
    );
    writeFileSync(join(root, 'components/params.libsonnet'), replicasBefore);
    expect((await runKf(['param', 'unset', 'team'], { cwd: root })).exitCode).toBe(0);
    expect(read(root, 'components/params.libsonnet')).not.toContain('team');
  });

  const badInputs: Array<[string, string[], RegExp]> = [
    [
      'an unknown component',
      ['param', 'set', 'wbe', 'replicas', '2'],
      /unknown component 'wbe' \(did you mean 'web'\?\)/,
    ],
    [
      'an unknown environment',
      ['param', 'set', '--env', 'gek', 'web', 'replicas', '2'],
      /unknown environment 'gek' \(did you mean 'gke'\?\)/,
    ],
    [
      'a misspelt parameter',
      ['param', 'set', 'web', 'replica', '2'],
      /unknown parameter 'replica' for component 'web' \(did you mean 'replicas'\?/,
    ],
    [
      'deleting a missing parameter',
      ['param', 'delete', 'web', 'nope'],
      /no parameter 'nope' for component 'web'/,
    ],
    ['an empty key segment', ['param', 'set', 'web', 'labels..x', '1'], /invalid parameter key/],
    ['a flag typo', ['param', 'set', 'web', 'replicas', '2', '---env=gke'], /Nonexistent flag/],
  ];
  for (const [what, args, message] of badInputs) {
    it(`rejects ${what} with one line and changes no file`, async () => {
      const before = snapshotTree(root);
      const result = await runKf(args, { cwd: root });
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(snapshotTree(root)).toEqual(before);
    });
  }

  it('reports a broken params file with line and column and changes nothing', async () => {
    const file = join(root, 'environments/gke/params.libsonnet');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('components+: {', 'components+: {{'));
    const before = snapshotTree(root);
    const result = await runKf(['param', 'set', '--env', 'gke', 'web', 'replicas', '2'], { cwd: root });
    expect(result.exitCode).toBe(1);
    // named as every other message names it, from the app's folder (was: its absolute path)
    expect(result.stderr).toMatch(
      /^kf: environments\/gke\/params\.libsonnet:\d+:\d+: cannot parse params file/,
    );
    expect(snapshotTree(root)).toEqual(before);
    writeFileSync(file, original);
  });
});

describe('kf component', () => {
  it('lists components with their prototype', async () => {
    const root = await appWithComponent();
    writeFileSync(
      join(root, 'components/extra.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra}\n',
    );
    const result = await runKf(['component', 'list'], { cwd: root });
    expect(result.stdout).toMatch(
      /^NAME\s+TYPE\s+PROTOTYPE\nextra\s+yaml\s*\nweb\s+jsonnet\s+io\.ksonnet\.pkg\.deployed-service \(builtin\)\n$/,
    );
    const json = JSON.parse((await runKf(['component', 'list', '-o', 'json'], { cwd: root })).stdout);
    expect(json.map((c: { name: string }) => c.name)).toEqual(['extra', 'web']);
  });

  it('removes the file and its parameters in components/ and every environment', async () => {
    const root = await appWithComponent();
    await runKf(['generate', 'namespace', 'ns'], { cwd: root });
    await runKf(['param', 'set', '--env', 'gke', 'web', 'replicas', '4'], { cwd: root });
    await runKf(['param', 'set', '--env', 'us-west/staging', 'web', 'replicas', '2'], { cwd: root });
    const result = await runKf(['component', 'rm', 'web'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(existsSync(join(root, 'components/web.jsonnet'))).toBe(false);
    expect(read(root, 'components/params.libsonnet')).not.toContain('web');
    expect(read(root, 'components/params.libsonnet')).toContain('ns: {');
    expect(read(root, 'environments/gke/params.libsonnet')).not.toContain('web');
    expect(read(root, 'environments/us-west/staging/params.libsonnet')).not.toContain('web');
    const shown = await runKf(['show', 'gke', '-o', 'json'], { cwd: root });
    expect(JSON.parse(shown.stdout).items.map((o: { kind: string }) => o.kind)).toEqual(['Namespace']);
  });

  it('rejects an unknown component with a suggestion and changes nothing', async () => {
    const root = await appWithComponent();
    const before = snapshotTree(root);
    const result = await runKf(['component', 'rm', 'wbe'], { cwd: root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("kf: unknown component 'wbe' (did you mean 'web'?)\n");
    expect(snapshotTree(root)).toEqual(before);
  });
});
