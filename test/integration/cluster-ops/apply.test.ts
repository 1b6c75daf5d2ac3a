// kf's apply, prune, diff, delete and wait against a real kube-apiserver + etcd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPlan,
  countOutcomes,
  type ApplyOptions,
  type InventoryOptions,
} from '../../../src/cluster/apply.js';
import { planApply } from '../../../src/cluster/apply-plan.js';
import {
  ANNOTATION_GROUP_KINDS,
  ANNOTATION_NAMESPACES,
  ANNOTATION_TOOLING,
  LABEL_ID,
  LABEL_PART_OF,
  applySetId,
} from '../../../src/cluster/applyset.js';
import { deleteRendered } from '../../../src/cluster/delete.js';
import { diffAgainstCluster } from '../../../src/cluster/diff.js';
import { RestMapper } from '../../../src/cluster/discovery.js';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import type { KubeObject } from '../../../src/kube-object.js';
import { compileTargets } from '../../../src/render/render.js';
import { waitUntilCurrent } from '../../../src/cluster/wait.js';
import { namespacedCrd } from '../../gitops/crd.js';
import {
  configMap,
  connect,
  deployment,
  freshNamespace,
  getJson,
  rendered,
  service,
  uniqueName,
} from './helpers.js';

let admin: Connection;

beforeAll(async () => {
  admin = await connect('default');
});
afterAll(() => admin.client.close());

function inventory(namespace: string, components?: string[]): InventoryOptions {
  return { parent: { kind: 'Secret', name: 'kf-test-env', namespace }, tooling: 'kf/0.1.0', components };
}

async function apply(
  namespace: string,
  objects: KubeObject[],
  options: ApplyOptions = {},
  component = 'core',
) {
  const connection = await connect(namespace);
  try {
    const result = await applyPlan(connection, planApply(rendered(objects, component)), options);
    return { result, counts: countOutcomes(result) };
  } finally {
    connection.client.close();
  }
}

describe('apply', () => {
  it('creates, then reports unchanged on a rerun and configured after a change', async () => {
    const ns = await freshNamespace(admin);
    const objects = [configMap('settings', { a: '1' }), deployment('web'), service('web')];
    const first = await apply(ns, objects);
    expect(first.counts).toMatchObject({ created: 3, configured: 0, unchanged: 0, failed: 0 });
    const second = await apply(ns, objects);
    expect(second.counts).toMatchObject({ created: 0, configured: 0, unchanged: 3, failed: 0 });
    const third = await apply(ns, [
      configMap('settings', { a: '2' }),
      deployment('web', 'nginx:1.28'),
      service('web'),
    ]);
    expect(third.counts).toMatchObject({ created: 0, configured: 2, unchanged: 1, failed: 0 });
    const live = await getJson(admin, `/apis/apps/v1/namespaces/${ns}/deployments/web`);
    expect(live?.metadata.managedFields).toEqual(
      expect.arrayContaining([expect.objectContaining({ manager: 'kf', operation: 'Apply' })]),
    );
    expect(
      (live?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]
        .image,
    ).toBe('nginx:1.28');
  });

  it('creates a Namespace in the first wave and the objects in it afterwards', async () => {
    const ns = uniqueName('kf-wave');
    const { counts } = await apply(ns, [
      configMap('c', { x: 'y' }),
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    ]);
    expect(counts).toMatchObject({ created: 2, failed: 0 });
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/c`)).toBeDefined();
  });

  it('applies a CRD and its custom resources in one run, waiting for Established', async () => {
    const ns = await freshNamespace(admin);
    const group = `${uniqueName('t').replace('-', '')}.kf.test`;
    const crd = namespacedCrd(group, 'Widget', {
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
        },
      },
      subresources: { status: {} },
    });
    const widget: KubeObject = {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 3 },
    };
    const { result, counts } = await apply(ns, [widget, crd], { inventory: inventory(ns) });
    expect(result.results.filter((r) => r.outcome === 'failed')).toEqual([]);
    expect(counts).toMatchObject({ created: 2, failed: 0 });
    const live = await getJson(admin, `/apis/${group}/v1/namespaces/${ns}/widgets/w1`);
    expect(live?.spec).toEqual({ size: 3 });
    const parent = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-test-env`);
    expect(parent?.metadata.annotations?.[ANNOTATION_GROUP_KINDS]).toBe(
      `CustomResourceDefinition.apiextensions.k8s.io,Widget.${group}`,
    );
  });

  it("prunes custom resources and a Namespace's objects before their CRD and Namespace, none failing", async () => {
    const ns = await freshNamespace(admin);
    const group = `${uniqueName('p').replace('-', '')}.kf.test`;
    const crd = namespacedCrd(group, 'Gadget', {
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    });
    const gadget: KubeObject = { apiVersion: `${group}/v1`, kind: 'Gadget', metadata: { name: 'g1' } };
    const team = uniqueName('kf-team');
    const teamNamespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: team } };
    const inTeam = configMap('in-team', { a: '1' }, team);
    const keep = configMap('keep', { a: '1' });
    const first = await apply(ns, [gadget, crd, teamNamespace, inTeam, keep], { inventory: inventory(ns) });
    expect(first.counts).toMatchObject({ created: 5, failed: 0 });

    const order: string[] = [];
    const { result, counts } = await apply(ns, [keep], {
      inventory: inventory(ns),
      prune: true,
      events: { onPrune: (p) => order.push(`${p.object.kind}/${p.object.metadata.name}`) },
    });
    expect(result.pruned.filter((p) => p.outcome !== 'pruned')).toEqual([]);
    expect(counts).toMatchObject({ unchanged: 1, pruned: 4, failed: 0 });
    // the objects first (in any order between them), then what holds them
    expect(order.slice(0, 2).sort()).toEqual(['ConfigMap/in-team', 'Gadget/g1']);
    expect(order.slice(2).sort()).toEqual([`CustomResourceDefinition/gadgets.${group}`, `Namespace/${team}`]);
    const crdLeft = await getJson(
      admin,
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.${group}`,
    );
    expect(crdLeft === undefined || crdLeft.metadata.deletionTimestamp !== undefined).toBe(true);
    const teamLeft = await getJson(admin, `/api/v1/namespaces/${team}`);
    expect(teamLeft === undefined || teamLeft.metadata.deletionTimestamp !== undefined).toBe(true);
  });

  it('explains field-manager conflicts and takes ownership with forceConflicts', async () => {
    const ns = await freshNamespace(admin);
    await admin.client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/configmaps/shared`,
      query: { fieldManager: 'helm' },
      contentType: 'application/apply-patch+yaml',
      body: JSON.stringify(configMap('shared', { owner: 'helm' }, ns)),
    });
    const conflicted = await apply(ns, [configMap('shared', { owner: 'kf' })]);
    expect(conflicted.counts.failed).toBe(1);
    expect(conflicted.result.results[0].message).toBe(
      'conflict: .data.owner is owned by "helm" (rerun with --force-conflicts to take ownership)',
    );
    const forced = await apply(ns, [configMap('shared', { owner: 'kf' })], { forceConflicts: true });
    expect(forced.counts).toMatchObject({ configured: 1, failed: 0 });
  });

  it('reports the objects that failed, applies the others, and a rerun converges', async () => {
    const ns = await freshNamespace(admin);
    const bad: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'bad' },
      spec: { ports: [{ port: 99999 }] },
    };
    const first = await apply(ns, [configMap('good', { a: '1' }), bad]);
    expect(first.counts).toMatchObject({ created: 1, failed: 1 });
    expect(first.result.results.find((r) => r.object.metadata.name === 'bad')?.message).toMatch(
      /Invalid value: 99999/,
    );
    const rerun = await apply(ns, [configMap('good', { a: '1' }), service('bad')]);
    expect(rerun.counts).toMatchObject({ created: 1, unchanged: 1, failed: 0 });
  });

  it('server dry run classifies without persisting', async () => {
    const ns = await freshNamespace(admin);
    await apply(ns, [configMap('a', { v: '1' }), configMap('b', { v: '1' })]);
    const dry = await apply(
      ns,
      [configMap('a', { v: '1' }), configMap('b', { v: '2' }), configMap('c', { v: '1' })],
      { serverDryRun: true },
    );
    expect(dry.counts).toMatchObject({ unchanged: 1, configured: 1, created: 1, failed: 0 });
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/c`)).toBeUndefined();
    expect((await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/b`))?.data).toEqual({ v: '1' });
  });
});

describe('ApplySet inventory and prune', () => {
  it('records an ApplySet parent, labels members, and prunes only members no longer rendered', async () => {
    const ns = await freshNamespace(admin);
    const other = await freshNamespace(admin);
    const inv = inventory(ns);
    const id = applySetId(inv.parent);
    await admin.client.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      body: configMap('not-ours', { x: '1' }, ns),
    });
    await apply(
      ns,
      [
        configMap('keep', { a: '1' }),
        configMap('drop', { a: '1' }),
        configMap('elsewhere', { a: '1' }, other),
        deployment('web'),
      ],
      { inventory: inv },
    );

    const parent = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-test-env`);
    expect(parent?.metadata.labels?.[LABEL_ID]).toBe(id);
    expect(parent?.metadata.annotations).toMatchObject({
      [ANNOTATION_TOOLING]: 'kf/0.1.0',
      [ANNOTATION_GROUP_KINDS]: 'ConfigMap,Deployment.apps',
      [ANNOTATION_NAMESPACES]: other,
    });
    expect(
      (await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/keep`))?.metadata.labels?.[LABEL_PART_OF],
    ).toBe(id);

    const { result, counts } = await apply(ns, [configMap('keep', { a: '1' })], {
      inventory: inv,
      prune: true,
    });
    expect(counts).toMatchObject({ unchanged: 1, pruned: 3, failed: 0 });
    expect(result.pruned.map((p) => p.object.metadata.name).sort()).toEqual(['drop', 'elsewhere', 'web']);
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/drop`)).toBeUndefined();
    expect(await getJson(admin, `/api/v1/namespaces/${other}/configmaps/elsewhere`)).toBeUndefined();
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/not-ours`)).toBeDefined();
    // shrunk after the prune
    const shrunk = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-test-env`);
    expect(shrunk?.metadata.annotations).toMatchObject({
      [ANNOTATION_GROUP_KINDS]: 'ConfigMap',
      [ANNOTATION_NAMESPACES]: '',
    });
  });

  it('widens the inventory before applying, skips prune after a failure, and the rerun finishes the job', async () => {
    const ns = await freshNamespace(admin);
    const inv = inventory(ns);
    await apply(ns, [configMap('old', { a: '1' })], { inventory: inv });
    const bad: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'bad' },
      spec: { ports: [{ port: 99999 }] },
    };
    const interrupted = await apply(ns, [deployment('web'), bad], { inventory: inv, prune: true });
    expect(interrupted.counts).toMatchObject({ created: 1, failed: 1, pruned: 0 });
    expect(interrupted.result.pruneSkipped).toMatch(/1 object\(s\) failed/);
    // widened: the old ConfigMap kind is still recorded next to the new kinds, so nothing leaks
    const widened = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-test-env`);
    expect(widened?.metadata.annotations?.[ANNOTATION_GROUP_KINDS]).toBe('ConfigMap,Deployment.apps,Service');
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/old`)).toBeDefined();
    const rerun = await apply(ns, [deployment('web'), service('bad')], { inventory: inv, prune: true });
    expect(rerun.counts).toMatchObject({ created: 1, unchanged: 1, pruned: 1, failed: 0 });
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/old`)).toBeUndefined();
    const shrunk = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-test-env`);
    expect(shrunk?.metadata.annotations?.[ANNOTATION_GROUP_KINDS]).toBe('Deployment.apps,Service');
  });

  it('under -c prunes only the selected components and keeps the inventory wide', async () => {
    const ns = await freshNamespace(admin);
    const connection = await connect(ns);
    try {
      const objects = [
        ...rendered([configMap('a1', { v: '1' }), configMap('a2', { v: '1' })], 'alpha'),
        ...rendered([configMap('b1', { v: '1' })], 'beta'),
      ];
      await applyPlan(connection, planApply(objects), { inventory: inventory(ns) });
      const result = await applyPlan(
        connection,
        planApply(rendered([configMap('a1', { v: '1' })], 'alpha')),
        { inventory: inventory(ns, ['alpha']), prune: true },
      );
      expect(result.pruned.map((p) => p.object.metadata.name)).toEqual(['a2']);
      expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/b1`)).toBeDefined();
    } finally {
      connection.client.close();
    }
  });

  it('under -t prunes only the objects it selects and keeps the inventory wide', async () => {
    const ns = await freshNamespace(admin);
    await apply(ns, [configMap('c1', { v: '1' }), configMap('c2', { v: '1' }), deployment('web')], {
      inventory: inventory(ns),
    });
    // What `kf apply ENV -t 'configmap/.*'` does after c2 left the config: only c1 is rendered.
    const selector = compileTargets(['configmap/.*']);
    const { result } = await apply(ns, [configMap('c1', { v: '1' })], {
      inventory: { ...inventory(ns), selector },
      prune: true,
    });
    expect(result.pruned.map((p) => p.object.metadata.name)).toEqual(['c2']);
    expect(await getJson(admin, `/apis/apps/v1/namespaces/${ns}/deployments/web`)).toBeDefined();
    const parent = await getJson(admin, `/api/v1/namespaces/${ns}/secrets/kf-test-env`);
    expect(parent?.metadata.annotations?.[ANNOTATION_GROUP_KINDS]).toBe('ConfigMap,Deployment.apps');
  });

  it('refuses an inventory that another tool owns', async () => {
    const ns = await freshNamespace(admin);
    await admin.client.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'kf-test-env', annotations: { [ANNOTATION_TOOLING]: 'kubectl/v1.32.4' } },
      },
    });
    await expect(apply(ns, [configMap('x', { a: '1' })], { inventory: inventory(ns) })).rejects.toThrow(
      /ApplySet parent of another tool \(kubectl\/v1.32.4\)/,
    );
  });
});

describe('diff', () => {
  it('shows nothing after an apply, then a unified diff of a change with Secret values masked', async () => {
    const ns = await freshNamespace(admin);
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds' },
      stringData: { password: 'hunter2', user: 'admin' },
    };
    const objects = [configMap('settings', { level: 'info' }), deployment('web'), secret];
    await apply(ns, objects, { inventory: inventory(ns) });
    const connection = await connect(ns);
    try {
      const clean = await diffAgainstCluster(connection, planApply(rendered(objects)), {
        inventory: inventory(ns),
      });
      expect(clean.map((d) => d.change)).toEqual(['none', 'none', 'none']);

      const changedSecret: KubeObject = {
        ...secret,
        stringData: { password: 'correct-horse', user: 'admin' },
      };
      const changed = await diffAgainstCluster(
        connection,
        planApply(
          rendered([
            configMap('settings', { level: 'debug' }),
            deployment('web'),
            changedSecret,
            configMap('new', { a: 'b' }),
          ]),
        ),
        { inventory: inventory(ns) },
      );
      const byName = Object.fromEntries(changed.map((d) => [d.object.metadata.name, d]));
      expect(byName.settings.change).toBe('update');
      expect(byName.settings.text).toContain('-  level: info');
      expect(byName.settings.text).toContain('+  level: debug');
      expect(byName.settings.text).not.toMatch(/resourceVersion|managedFields|creationTimestamp|uid:/);
      expect(byName.web.change).toBe('none');
      expect(byName.new.change).toBe('create');
      expect(byName.creds.change).toBe('update');
      expect(byName.creds.text).toContain("-  password: '*** (before)'");
      expect(byName.creds.text).toContain("+  password: '*** (after)'");
      expect(byName.creds.text).not.toMatch(/hunter2|correct-horse|aHVudGVyMg|Y29ycmVjdC1ob3JzZQ/);
      expect(byName.creds.text).toContain("   user: '***'");

      const withPrune = await diffAgainstCluster(
        connection,
        planApply(rendered([deployment('web'), secret])),
        { inventory: inventory(ns), withPrune: true },
      );
      expect(withPrune.filter((d) => d.change === 'delete').map((d) => d.object.metadata.name)).toEqual([
        'settings',
      ]);
    } finally {
      connection.client.close();
    }
  });
});

describe('delete', () => {
  it('deletes in reverse wave order; objects already gone are fine', async () => {
    const ns = uniqueName('kf-del');
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      configMap('c', { a: '1' }),
      deployment('web'),
    ] as KubeObject[];
    await apply(ns, objects);
    const connection = await connect(ns);
    try {
      const order: string[] = [];
      const results = await deleteRendered(connection, planApply(rendered(objects)), {
        onObject: (r) => order.push(r.object.kind),
      });
      expect(results.map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
      expect(order[2]).toBe('Namespace');
      expect(await getJson(admin, `/apis/apps/v1/namespaces/${ns}/deployments/web`)).toBeUndefined();
      const again = await deleteRendered(connection, planApply(rendered(objects.slice(1))));
      expect(again.map((r) => r.outcome)).toEqual(['gone', 'gone']);
    } finally {
      connection.client.close();
    }
  });
});

describe('wait (real controllers, scheduler and kwok nodes)', () => {
  it('a Deployment is InProgress until its pods are Ready, then Current', async () => {
    const ns = await freshNamespace(admin);
    await apply(ns, [deployment('web', 'nginx:1.27', 2)]);
    const connection = await connect(ns);
    try {
      const mapper = new RestMapper(connection.client);
      const live = (await getJson(admin, `/apis/apps/v1/namespaces/${ns}/deployments/web`))!;
      const seen: string[] = [];
      const done = await waitUntilCurrent(connection.client, mapper, [live], {
        timeoutMs: 60_000,
        intervalMs: 100,
        onProgress: (pending) => {
          for (const p of pending) seen.push(p.readiness.message);
        },
      });
      expect(done.ready.map((o) => o.metadata.name)).toEqual(['web']);
      expect(done.timedOut).toEqual([]);
      // It was seen on its way (pods not all ready yet) before it became Current.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((m) => /Replicas|Updated|Available|Ready|Rollout|generation/.test(m))).toBe(true);
      const status = (await getJson(admin, `/apis/apps/v1/namespaces/${ns}/deployments/web`))!.status as {
        readyReplicas: number;
      };
      expect(status.readyReplicas).toBe(2);
    } finally {
      connection.client.close();
    }
  });

  // kstatus counts a started Job as Current (Helm waits for Jobs only with --wait-for-jobs), so
  // the wait reports Failed for a Job whose pod already failed: the Job controller's reason.
  it('a Job whose pod failed is Failed with the Job controller reason, not Current', async () => {
    const ns = await freshNamespace(admin);
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'train' },
      spec: {
        backoffLimit: 0,
        template: {
          // Test only: the harness's kwok stages make this pod exit with code 1 (see test/cluster/README.md).
          metadata: { annotations: { 'kf.test/exit-code': '1' } },
          spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] },
        },
      },
    };
    await apply(ns, [job]);
    for (let i = 0; ; i++) {
      const live = await getJson(admin, `/apis/batch/v1/namespaces/${ns}/jobs/train`);
      const conditions = (live?.status as { conditions?: { type: string }[] } | undefined)?.conditions;
      if (conditions?.some((c) => c.type === 'Failed')) break;
      if (i > 600) throw new Error('the Job controller never marked the Job Failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const connection = await connect(ns);
    try {
      const started = Date.now();
      const result = await waitUntilCurrent(
        connection.client,
        new RestMapper(connection.client),
        [{ ...job, metadata: { name: 'train', namespace: ns } }],
        { timeoutMs: 90_000 },
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(result.failed.map((f) => f.readiness)).toEqual([
        { status: 'Failed', message: 'Job Failed: Job has reached the specified backoff limit' },
      ]);
    } finally {
      connection.client.close();
    }
  });
});
