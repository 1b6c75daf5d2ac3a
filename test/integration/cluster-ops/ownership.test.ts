// Apps never prune or silently take over each other's objects (issue 17, cluster part), with the
// real kf binary against the real `minikube` control plane: every app has its own ApplySet (its
// id from app.yaml), an object of another app's set is refused without --adopt, and an app from
// before ids takes over its old `kf-<app>-<env>` set on its first apply.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { applyPlan } from '../../../src/cluster/apply.js';
import { planApply } from '../../../src/cluster/apply-plan.js';
import { LABEL_PART_OF, applySetId, parentName } from '../../../src/cluster/applyset.js';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import { ensureBuilt, runKf, tempDir } from '../../helpers/run-kf.js';
import { configMap, connect, freshNamespace, getJson, rendered } from './helpers.js';

let admin: Connection;
let ns: string;
const kubeconfig = (): string => inject('kubeconfig');
const kf = (cwd: string, args: string[]) => runKf(args, { cwd, env: { KUBECONFIG: kubeconfig() } });

/** `kf init <name>` in a fresh folder, env `minikube` on namespace `ns`, YAML components. */
async function newApp(name: string, components: Record<string, string[]>): Promise<string> {
  const parent = tempDir('kf-owner-');
  const init = await kf(parent, ['init', name, '--env=minikube', '--context=minikube', `--namespace=${ns}`]);
  expect(init.exitCode, init.stderr).toBe(0);
  const root = join(parent, name);
  writeComponents(root, components);
  return root;
}

function writeComponents(root: string, components: Record<string, string[]>): void {
  mkdirSync(join(root, 'components'), { recursive: true });
  for (const [component, names] of Object.entries(components))
    writeFileSync(
      join(root, 'components', `${component}.yaml`),
      names.map((n) => `---\n${stringify(configMap(n, { app: root }))}`).join(''),
    );
}

const appId = (root: string): string => parse(readFileSync(join(root, 'app.yaml'), 'utf8')).id;
const live = (name: string) => getJson(admin, `/api/v1/namespaces/${ns}/configmaps/${name}`);

beforeAll(async () => {
  ensureBuilt();
  admin = await connect('default');
  ns = await freshNamespace(admin, 'kf-owner');
});
afterAll(() => admin.client.close());

describe('apps with the same name in different folders', () => {
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = await newApp('twin', { one: ['first-a'] });
    second = await newApp('twin', { two: ['second-a'] });
  });

  it('get different ids and inventories, and prune never reaches the other app', async () => {
    expect(appId(first)).toMatch(/^[0-9a-f]{12}$/);
    expect(appId(second)).not.toBe(appId(first));
    for (const root of [first, second, first, second]) {
      const applied = await kf(root, ['apply', 'minikube', '--prune', '--yes']);
      expect(applied.exitCode, applied.stderr).toBe(0);
      expect(applied.stdout).not.toContain('pruned');
    }
    expect((await live('first-a'))?.data).toEqual({ app: first });
    expect((await live('second-a'))?.data).toEqual({ app: second });
    for (const root of [first, second]) {
      const parent = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-twin-minikube-${appId(root)}`);
      expect(parent?.metadata.labels?.['applyset.kubernetes.io/id']).toBeDefined();
    }
    // Each app still prunes its own members.
    writeComponents(first, { one: [] });
    const pruned = await kf(first, ['apply', 'minikube', '--prune', '--yes']);
    expect(pruned.stdout).toContain('1 pruned');
    expect(await live('first-a')).toBeUndefined();
    expect((await live('second-a'))?.data).toEqual({ app: second });
  });

  it('an object of the other app is refused in one line naming it, its owner and --adopt', async () => {
    writeComponents(first, { one: ['first-a'], grab: ['second-a'] });
    const refused = await kf(first, ['apply', 'minikube', '--prune', '--yes']);
    expect(refused.exitCode).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      `kf: ConfigMap ${ns}/second-a belongs to ApplySet ${applySetId({ kind: 'Secret', name: `kf-twin-minikube-${appId(second)}`, namespace: ns })} (inventory Secret ${ns}/kf-twin-minikube-${appId(second)}, kf/0.1.0), not to this app; rerun with --adopt to take it over (after --adopt the other app no longer prunes it; or rename the object in one of the apps)`,
    );
    // Nothing was written: the other app's object is untouched, the refused app applied nothing.
    expect((await live('second-a'))?.data).toEqual({ app: second });
    expect(await live('first-a')).toBeUndefined();

    const adopted = await kf(first, ['apply', 'minikube', '--prune', '--adopt', '--yes']);
    expect(adopted.exitCode, adopted.stderr).toBe(0);
    expect(adopted.stderr).toContain('adopting 1 object(s) from other ApplySets');
    const taken = await live('second-a');
    expect(taken?.data).toEqual({ app: first });
    expect(taken?.metadata.labels?.[LABEL_PART_OF]).toBe(
      applySetId({ kind: 'Secret', name: `kf-twin-minikube-${appId(first)}`, namespace: ns }),
    );
    // The app it was taken from now refuses to take it back silently, and does not prune it.
    writeComponents(second, { two: [] });
    const other = await kf(second, ['apply', 'minikube', '--prune', '--yes']);
    expect(other.exitCode, other.stderr).toBe(0);
    expect(other.stdout).not.toContain('pruned');
    expect(await live('second-a')).toBeDefined();
  });
});

describe('an app from before app ids', () => {
  it('gets an id on its first apply and takes over its old kf-<app>-<env> set', async () => {
    const root = await newApp('legacy', { main: ['kept', 'dropped'] });
    // What kf wrote before ids: app.yaml without id, inventory Secret kf-legacy-minikube.
    const text = readFileSync(join(root, 'app.yaml'), 'utf8').replace(/^id: .*\n/m, '');
    writeFileSync(join(root, 'app.yaml'), text);
    const oldParent = { kind: 'Secret' as const, name: parentName('legacy', 'minikube'), namespace: ns };
    const connection = await connect(ns);
    try {
      await applyPlan(
        connection,
        planApply(rendered([configMap('kept', { v: '1' }), configMap('dropped', { v: '1' })], 'main')),
        {
          inventory: { parent: oldParent, tooling: 'kf/0.1.0' },
        },
      );
    } finally {
      connection.client.close();
    }
    writeComponents(root, { main: ['kept'] });

    const applied = await kf(root, ['apply', 'minikube', '--prune', '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    const id = appId(root);
    expect(applied.stderr).toContain(`app.yaml: added id ${id}`);
    // Only the id line was added, right after name.
    expect(readFileSync(join(root, 'app.yaml'), 'utf8')).toBe(
      text.replace(/^(name: legacy\n)/m, `$1id: ${id}\n`),
    );
    expect(applied.stdout).toContain('1 pruned');
    expect((await live('kept'))?.metadata.labels?.[LABEL_PART_OF]).toBe(
      applySetId({ kind: 'Secret', name: `kf-legacy-minikube-${id}`, namespace: ns }),
    );
    expect(await live('dropped')).toBeUndefined();
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/secrets/${oldParent.name}`)).toBeUndefined();
  });
});

describe('objects another tool manages declaratively', () => {
  const post = (body: object, query?: Record<string, string>) =>
    admin.client.request({ method: 'POST', path: `/api/v1/namespaces/${ns}/configmaps`, body, query });

  it('are refused without --adopt, naming the manager; objects created imperatively are taken over', async () => {
    // What Helm, `kubectl apply` (client-side, as ksonnet and Tanka do) and another
    // server-side-apply manager leave on an object; and a plain `kubectl create`.
    await post({
      metadata: {
        name: 'by-helm',
        annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': ns },
      },
    });
    await post({
      metadata: {
        name: 'by-kubectl',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
    });
    await admin.client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/configmaps/by-flux`,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'flux' },
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'by-flux' }, data: { a: '1' } },
    });
    await post({ metadata: { name: 'by-create' }, data: { a: '1' } });

    const expected: Record<string, string> = {
      'by-helm': `Helm release ${ns}/web`,
      'by-kubectl': 'kubectl apply (client-side; also ksonnet)',
      'by-flux': 'server-side apply by field manager flux',
    };
    for (const [name, manager] of Object.entries(expected)) {
      const root = await newApp(`managed-${name}`, { main: [name] });
      const refused = await kf(root, ['apply', 'minikube', '--yes']);
      expect(refused.exitCode, refused.stderr).toBe(1);
      expect(refused.stderr.trim().split('\n')).toEqual([
        `kf: ConfigMap ${ns}/${name} is managed by ${manager}, not to this app; rerun with --adopt to take it over (after --adopt kf applies and prunes it with this app; or leave it to its manager and drop it from the app)`,
      ]);
      expect((await live(name))?.metadata.labels?.[LABEL_PART_OF]).toBeUndefined();
      const adopted = await kf(root, ['apply', 'minikube', '--adopt', '--yes']);
      expect(adopted.exitCode, adopted.stderr).toBe(0);
      const taken = await live(name);
      // (Fields only the other manager set, flux's `a`, stay its own: server-side apply semantics.)
      expect((taken?.data as Record<string, string> | undefined)?.app).toBe(root);
      expect(taken?.metadata.labels?.[LABEL_PART_OF]).toBe(
        applySetId({ kind: 'Secret', name: `kf-managed-${name}-minikube-${appId(root)}`, namespace: ns }),
      );
    }
    const root = await newApp('created', { main: ['by-create'] });
    const applied = await kf(root, ['apply', 'minikube', '--yes']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('adopting');
    expect(((await live('by-create'))?.data as Record<string, string> | undefined)?.app).toBe(root);
  });
});
