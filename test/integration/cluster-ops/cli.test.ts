// The real kf binary against the real control planes: apply / diff / delete of a small app with
// YAML components, confirmation rules, prune, exit codes, and the one-line errors.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { ensureBuilt, runKf, tempDir } from '../../helpers/run-kf.js';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import { connect, getJson, uniqueName } from './helpers.js';

let admin: Connection;
let app: string;
let ns: string;
let gkeNs: string;
const appId = randomBytes(6).toString('hex');
const server = (name: string): string =>
  inject('clusters').controlPlanes.find((c) => c.name === name)!.server;
const kf = (args: string[]) => runKf(args, { cwd: app, env: { KUBECONFIG: inject('kubeconfig') } });

function writeApp(components: Record<string, unknown[]>, extraEnvs: Record<string, unknown> = {}): void {
  rmSync(join(app, 'components'), { recursive: true, force: true });
  mkdirSync(join(app, 'components'), { recursive: true });
  for (const [name, objects] of Object.entries(components)) {
    writeFileSync(
      join(app, 'components', `${name}.yaml`),
      objects.map((o) => `---\n${stringify(o)}`).join(''),
    );
  }
  writeFileSync(
    join(app, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'ops',
      id: appId, // rewritten with the file, so every apply is the same app
      environments: {
        minikube: { context: 'minikube', server: server('minikube'), namespace: ns },
        gke: { context: 'gke', server: server('gke'), namespace: gkeNs },
        ...extraEnvs,
      },
      registries: {},
      libraries: {},
    }),
  );
}

const cm = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const namespaceObject = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

beforeAll(async () => {
  ensureBuilt();
  admin = await connect('default');
  app = tempDir('kf-cli-ops-');
  ns = uniqueName('kf-cli');
  gkeNs = uniqueName('kf-cli-gke');
});
afterAll(() => {
  admin.client.close();
  rmSync(app, { recursive: true, force: true });
});

describe('kf apply / diff / delete', () => {
  it('refuses to apply without a terminal unless --yes is given, and changes nothing', async () => {
    writeApp({ core: [namespaceObject(ns), cm('settings', { level: 'info' })] });
    const result = await kf(['apply', 'minikube']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `kf: refusing to apply to environment minikube (context minikube, server ${server('minikube')}, namespace ${ns}) without confirmation (not running on a terminal; pass --yes to confirm)\n`,
    );
    expect(await getJson(admin, `/api/v1/namespaces/${ns}`)).toBeUndefined();
  });

  it('--dry-run=client prints the plan without contacting the cluster', async () => {
    writeApp({ core: [namespaceObject(ns), cm('settings', { level: 'info' })] });
    const result = await kf(['apply', 'minikube', '--dry-run=client']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('wave namespaces-and-crds:\n  would apply namespace/' + ns);
    expect(result.stdout).toContain(
      '2 object(s) would be applied to environment minikube (client dry run; no cluster contacted)',
    );
  });

  it('applies with a line per object and a summary; a rerun is unchanged', async () => {
    writeApp({
      core: [namespaceObject(ns), cm('settings', { level: 'info' })],
      web: [cm('web-config', { port: '80' })],
    });
    const first = await kf(['apply', 'minikube', '--yes']);
    expect(first.stderr).toContain(`created namespace/${ns}`);
    expect(first.stderr).toContain(`created configmap/settings -n ${ns}`);
    expect(first.stdout).toContain(
      `environment minikube (context minikube, server ${server('minikube')}, namespace ${ns}): 3 created, 0 configured, 0 unchanged, 0 failed`,
    );
    expect(first.exitCode).toBe(0);
    const second = await kf(['apply', 'minikube', '--yes']);
    expect(second.stdout).toContain('0 created, 0 configured, 3 unchanged, 0 failed');
  });

  it('the start-up fast path prints what oclif prints: apply, diff, status, delete --dry-run', async () => {
    const viaOclif = (args: string[]) =>
      runKf(args, { cwd: app, env: { KUBECONFIG: inject('kubeconfig'), KF_NO_FASTPATH: '1' } });
    // Applied by the test before: an apply changes nothing, the rest change nothing anyway.
    const lines = [
      ['apply', 'minikube', '--dry-run=server', '-o', 'json'],
      ['status', 'minikube'],
      ['diff', 'minikube'],
      ['delete', 'minikube', '--dry-run=server'],
    ];
    const run = async (more: string[][] = []) => {
      for (const args of [...lines, ...more]) {
        const fast = await kf(args);
        expect(fast.stderr, args.join(' ')).not.toMatch(/ExperimentalWarning|\n\s+at /);
        expect(fast, args.join(' ')).toEqual(await viaOclif(args));
      }
    };
    await run([['apply', 'minikube', '--yes']]);
    // Dry runs, deletes included, left everything in place.
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/settings`)).toBeDefined();
    expect(await getJson(admin, `/api/v1/namespaces/${ns}`)).toMatchObject({ status: { phase: 'Active' } });
    writeApp({
      core: [namespaceObject(ns), cm('settings', { level: 'warn' })],
      web: [cm('web-config', { port: '80' })],
    });
    await run();
    // Back to what the next tests expect.
    writeApp({
      core: [namespaceObject(ns), cm('settings', { level: 'info' })],
      web: [cm('web-config', { port: '80' })],
    });
  });

  it('diff exits 0 without changes and 3 with a unified diff when something differs', async () => {
    const clean = await kf(['diff', 'minikube']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stderr).toContain('no differences');
    writeApp({
      core: [namespaceObject(ns), cm('settings', { level: 'debug' })],
      web: [cm('web-config', { port: '80' })],
    });
    const changed = await kf(['diff', 'minikube']);
    expect(changed.exitCode).toBe(3);
    expect(changed.stdout).toContain(`--- live/ConfigMap ${ns}/settings`);
    expect(changed.stdout).toContain('-  level: info\n+  level: debug');
    const summary = await kf(['diff', 'minikube', '-s']);
    expect(summary.stdout).toBe(`update configmap/settings -n ${ns}\n`);
  });

  it('apply --prune removes what is no longer rendered; -c applies one component', async () => {
    writeApp({ core: [namespaceObject(ns), cm('settings', { level: 'debug' })] });
    const preview = await kf(['diff', 'minikube', '--with-prune', '-s']);
    expect(preview.stdout).toContain(`delete configmap/web-config -n ${ns}`);
    // A server dry run of the prune says so and deletes nothing.
    const dry = await kf(['apply', 'minikube', '--prune', '--dry-run=server']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`configmap/web-config -n ${ns}`);
    expect(dry.stdout).toContain('1 pruned');
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/web-config`)).toBeDefined();
    const pruned = await kf(['apply', 'minikube', '--prune', '--yes']);
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stderr).toContain(`pruned configmap/web-config -n ${ns}`);
    expect(pruned.stdout).toContain('0 created, 1 configured, 1 unchanged, 0 failed, 1 pruned');
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/web-config`)).toBeUndefined();
    expect(await getJson(admin, `/api/v1/namespaces/${ns}`)).toBeDefined();
  });

  it("an environment's components list: a component taken out is refused by -c and pruned by apply --prune", async () => {
    writeApp({
      core: [namespaceObject(ns), cm('settings', { level: 'debug' })],
      extra: [cm('extra-config', { a: '1' })],
    });
    const applied = await kf(['apply', 'minikube', '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/extra-config`)).toBeDefined();

    expect((await kf(['env', 'set', 'minikube', '--components', '!extra'])).exitCode).toBe(0);
    const refused = await kf(['apply', 'minikube', '-c', 'extra', '--yes']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      "kf: environment 'minikube' does not render component 'extra' (its components list in app.yaml leaves it out; change it with 'kf env set minikube --components …')\n",
    );
    const pruned = await kf(['apply', 'minikube', '--prune', '--yes']);
    expect(pruned.exitCode, pruned.stderr).toBe(0);
    expect(pruned.stderr).toContain(`pruned configmap/extra-config -n ${ns}`);
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/extra-config`)).toBeUndefined();
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/settings`)).toBeDefined();
  });

  it('compares two environments without a cluster', async () => {
    writeApp({ core: [cm('settings', { level: 'debug' })] }, { broken: { context: 'nope', namespace: ns } });
    const same = await kf(['diff', 'minikube', 'broken']);
    expect(same.exitCode).toBe(0);
    expect(same.stderr).toBe('no differences\n');
    const different = await kf(['diff', 'minikube', 'gke']);
    expect(different.exitCode).toBe(3);
    expect(different.stdout).toContain(
      `--- minikube/ConfigMap ${ns}/settings\n+++ gke/ConfigMap ${ns}/settings`,
    );
    expect(different.stdout).toContain(`-  namespace: ${ns}\n+  namespace: ${gkeNs}`);
  });

  it('refuses a context that moved to another server, unless --force-context', async () => {
    writeApp(
      { core: [cm('settings', { level: 'debug' })] },
      // The server recorded when the environment was added: kf compares it with the context's
      // (loopback) server and never connects to it.
      { moved: { context: 'minikube', server: 'https://10.1.1.1:6443', namespace: ns } },
    );
    const refused = await kf(['apply', 'moved', '--yes']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /^kf: context minikube now points at https:\/\/127\.0\.0\.1:\d+, but environment moved was added for https:\/\/10\.1\.1\.1:6443 \(pass --force-context/,
    );
    // `moved` shares its namespace with `minikube`, whose ApplySet owns `settings`: without
    // --adopt that is refused (ownership.test.ts), so this run also names --adopt.
    const owned = await kf(['apply', 'moved', '--force-context', '--dry-run=server']);
    expect(owned.exitCode).toBe(1);
    expect(owned.stderr).toContain(`ConfigMap ${ns}/settings belongs to ApplySet`);
    const forced = await kf(['apply', 'moved', '--force-context', '--adopt', '--dry-run=server']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(
      /^dry run: environment moved \(context minikube, server https:\/\/127\.0\.0\.1:\d+, namespace kf-cli-[0-9a-f]+\): 0 created, 1 configured, 0 unchanged, 0 failed\n$/,
    );
  });

  it('an RBAC denial is one line and exit 1', async () => {
    const restricted = inject('clusters').restrictedContext;
    writeApp(
      { core: [cm('nope', { a: '1' })] },
      { locked: { context: 'restricted', namespace: restricted.namespace } },
    );
    const result = await kf(['apply', 'locked', '--yes']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `kf: cannot record the inventory Secret ${restricted.namespace}/kf-ops-locked-${appId}: user kf-restricted cannot patch secrets in namespace ${restricted.namespace} (context restricted)`,
    ]);
  });

  it('an object the server refuses is listed, and the last line says whether the others were applied', async () => {
    const own = uniqueName('kf-cli-refused');
    const inOwn = <T extends { metadata: object }>(o: T): T => ({
      ...o,
      metadata: { ...o.metadata, namespace: own },
    });
    const bad = inOwn({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'Bad_Name' },
      data: { a: '1' },
    });
    writeApp({ core: [namespaceObject(own), inOwn(cm('good', { a: '1' })), bad] });
    const some = await kf(['apply', 'minikube', '--yes']);
    expect(some.exitCode).toBe(1);
    expect(some.stdout).toMatch(/: 2 created, 0 configured, 0 unchanged, 1 failed\n$/);
    const lines = some.stderr.trimEnd().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        // ends with the line of the field the server named: `  name: Bad_Name` of the third document
        /^FAILED configmap\/Bad_Name -n kf-cli-\S+: ConfigMap "Bad_Name" is invalid: metadata\.name.* \(component core, components\/core\.yaml:18:9\)$/,
      ),
    );
    expect(lines.at(-1)).toBe(
      'kf: 1 of 3 objects failed (listed above); the others were applied (fix the cause and rerun: apply converges)',
    );
    writeApp({ bad: [bad] });
    const only = await kf(['apply', 'minikube', '-c', 'bad', '--yes']);
    expect(only.exitCode).toBe(1);
    expect(only.stderr.trimEnd().split('\n').at(-1)).toBe(
      'kf: the object failed (listed above) (fix the cause and rerun: apply converges)',
    );
    const diff = await kf(['diff', 'minikube', '-c', 'bad']);
    expect(diff.exitCode).toBe(1);
    expect(diff.stderr).toMatch(
      /^kf: cannot diff ConfigMap kf-cli-\S+\/Bad_Name: ConfigMap "Bad_Name" is invalid: metadata\.name.* \(component bad, components\/bad\.yaml:5:9\)$/m,
    );
  });

  it('delete removes what the environment renders, in reverse order; a rerun finds it gone', async () => {
    writeApp({ core: [namespaceObject(gkeNs), cm('settings', { level: 'info' })] });
    expect((await kf(['apply', 'gke', '--yes'])).exitCode).toBe(0);
    const deleted = await kf(['delete', 'gke', '--yes']);
    expect(deleted.exitCode).toBe(0);
    const lines = deleted.stderr.trim().split('\n');
    expect(lines).toEqual([`deleted configmap/settings -n ${gkeNs}`, `deleted namespace/${gkeNs}`]);
    expect(deleted.stdout).toContain('2 deleted, 0 already gone, 0 failed');
    // The namespace controller finishes the Namespace's deletion: it is gone, not Terminating.
    const gkeAdmin = await connect('default', 'gke');
    try {
      const deadline = Date.now() + 60_000;
      while ((await getJson(gkeAdmin, `/api/v1/namespaces/${gkeNs}`)) !== undefined) {
        expect(Date.now(), `namespace ${gkeNs} still there after 60 s`).toBeLessThan(deadline);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      gkeAdmin.client.close();
    }
    const again = await kf(['delete', 'gke', '--yes']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain(`already gone configmap/settings -n ${gkeNs}`);
    expect(again.stderr).toContain(`already gone namespace/${gkeNs}`);
    expect(again.stdout).toContain('0 deleted, 2 already gone, 0 failed');
  });
});

describe('confirmation on a terminal', () => {
  it('names environment, context, server and namespace, and changes nothing on "n"', async () => {
    const { execa } = await import('execa');
    const fresh = uniqueName('kf-tty');
    writeApp(
      { core: [namespaceObject(fresh)] },
      { tty: { context: 'minikube', server: server('minikube'), namespace: fresh } },
    );
    // `script` runs kf on a pseudo-terminal and forwards our input to it.
    const result = await execa('script', ['-qec', `node ${ensureBuilt()} apply tty`, '/dev/null'], {
      cwd: app,
      env: { KUBECONFIG: inject('kubeconfig'), NO_COLOR: '1' },
      input: 'n\n',
      reject: false,
    });
    expect(result.stdout).toContain(
      `Apply to environment tty (context minikube, server ${server('minikube')}, namespace ${fresh})? [y/N]`,
    );
    expect(result.stdout).toContain('kf: cancelled; nothing was changed');
    expect(result.exitCode).toBe(1);
    expect(await getJson(admin, `/api/v1/namespaces/${fresh}`)).toBeUndefined();
  });
});

describe('kf apply --wait', () => {
  it('waits until objects are ready and fails with the not-ready ones after the timeout', async () => {
    const waitNs = uniqueName('kf-wait');
    const web = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'main', image: 'nginx' }] },
        },
      },
    };
    writeApp(
      { core: [namespaceObject(waitNs), cm('settings', { a: '1' })] },
      { wait: { context: 'minikube', server: server('minikube'), namespace: waitNs } },
    );
    const ready = await kf(['apply', 'wait', '--yes', '--wait', '--timeout', '30s']);
    expect(ready.exitCode).toBe(0);
    expect(ready.stdout).toContain('all 2 object(s) ready');
    // The controllers, the scheduler and kwok nodes run: the Deployment really becomes ready.
    writeApp(
      { core: [namespaceObject(waitNs), cm('settings', { a: '1' }), web] },
      { wait: { context: 'minikube', server: server('minikube'), namespace: waitNs } },
    );
    const rolledOut = await kf(['apply', 'wait', '--yes', '--wait', '--timeout', '60s']);
    expect(rolledOut.exitCode, rolledOut.stderr).toBe(0);
    expect(rolledOut.stdout).toContain('all 3 object(s) ready');
    // A pod no node accepts: the wait says why instead of timing out silently.
    const nowhere = {
      ...web,
      spec: {
        ...web.spec,
        template: {
          ...web.spec.template,
          spec: { ...web.spec.template.spec, nodeSelector: { pool: 'none' } },
        },
      },
    };
    writeApp(
      { core: [namespaceObject(waitNs), cm('settings', { a: '1' }), nowhere] },
      { wait: { context: 'minikube', server: server('minikube'), namespace: waitNs } },
    );
    const stuck = await kf(['apply', 'wait', '--yes', '--wait', '--timeout', '8s']);
    expect(stuck.exitCode).toBe(1);
    expect(stuck.stderr).toMatch(
      new RegExp(
        `not ready: deployment\\.apps/web -n ${waitNs}: InProgress \\([^)]+\\); pod web-[a-z0-9-]+ is unschedulable: 0/2 nodes are available: 2 node\\(s\\) didn't match Pod's node affinity/selector`,
      ),
    );
    expect(stuck.stderr).toContain(
      'kf: 1 object(s) not ready after 8s (the objects were applied; see the lines above for what is not ready)',
    );
  });
});

describe('-o json (docs/json-output.md)', () => {
  it('apply, diff and delete print one stable document each, objects in plan order with kubectl names', async () => {
    writeApp({ core: [namespaceObject(ns), cm('b-settings', { a: '1' }), cm('a-settings', { a: '1' })] });
    const first = await kf(['apply', 'minikube', '--yes', '-o', 'json']);
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toBe('');
    const applied = JSON.parse(first.stdout);
    const target = { context: 'minikube', server: server('minikube'), namespace: ns };
    expect(applied).toMatchObject({
      kind: 'ApplyResult',
      environment: 'minikube',
      ...target,
      dryRun: 'none',
    });
    expect(applied.objects.map((o: { name: string }) => o.name)).toEqual([
      `namespace/${ns}`,
      'configmap/a-settings',
      'configmap/b-settings',
    ]);
    expect(applied.objects[1]).toEqual({
      name: 'configmap/a-settings',
      namespace: ns,
      component: 'core',
      outcome: 'created',
    });
    const second = JSON.parse((await kf(['apply', 'minikube', '--yes', '-o', 'json'])).stdout);
    const third = await kf(['apply', 'minikube', '--yes', '-o', 'json']);
    expect(third.stdout).toBe(JSON.stringify(second, null, 2) + '\n');
    expect(second.summary).toEqual({
      created: 0,
      configured: 0,
      unchanged: 3,
      failed: 0,
      skipped: 0,
      pruned: 0,
    });

    writeApp({ core: [namespaceObject(ns), cm('b-settings', { a: '2' }), cm('a-settings', { a: '1' })] });
    const diffed = await kf(['diff', 'minikube', '-o', 'json']);
    expect(diffed.exitCode).toBe(3);
    const diff = JSON.parse(diffed.stdout);
    expect(diff).toMatchObject({ kind: 'DiffResult', environment: 'minikube', ...target });
    expect(diff.summary).toEqual({ create: 0, update: 1, delete: 0, none: 2, error: 0 });
    expect(diff.objects[2]).toMatchObject({ name: 'configmap/b-settings', namespace: ns, change: 'update' });
    expect(diff.objects[2].diff).toContain('+  a: "2"');

    const deleted = await kf(['delete', 'minikube', '--yes', '-o', 'json']);
    expect(deleted.exitCode).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({
      kind: 'DeleteResult',
      environment: 'minikube',
      ...target,
      dryRun: 'none',
      objects: [
        { name: 'configmap/a-settings', namespace: ns, outcome: 'deleted' },
        { name: 'configmap/b-settings', namespace: ns, outcome: 'deleted' },
        { name: `namespace/${ns}`, outcome: 'deleted' },
      ],
      summary: { deleted: 3, gone: 0, failed: 0 },
    });
  });
});

describe('unreachable server', () => {
  it('is one line naming the server, exit 1', async () => {
    const deadConfig = join(app, 'dead-kubeconfig.yaml');
    writeFileSync(
      deadConfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: dead, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: dead, context: {cluster: dead, user: u}}]\n',
    );
    writeApp({ core: [cm('c', { a: '1' })] }, { dead: { context: 'dead', namespace: 'default' } });
    for (const args of [
      ['apply', 'dead', '--yes', '--kubeconfig', deadConfig],
      ['diff', 'dead', '--kubeconfig', deadConfig],
      ['delete', 'dead', '--yes', '--kubeconfig', deadConfig],
    ]) {
      const result = await kf(args);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(
        'kf: cannot reach the API server https://127.0.0.1:1 (context dead): connect ECONNREFUSED 127.0.0.1:1 (is the cluster of context dead running? check the server address in the kubeconfig)\n',
      );
    }
  });
});
