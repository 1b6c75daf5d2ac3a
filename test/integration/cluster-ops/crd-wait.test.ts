// How kf apply waits for the CRDs of a wave: it watches them, as `kubectl wait` does, instead of
// fetching each whole CRD every 200 ms (prometheus-operator's are up to 480 kB; ten of them
// polled kept the server that was establishing them busy). A real proxy in front of the real API
// server records every request kf makes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPlan, countOutcomes } from '../../../src/cluster/apply.js';
import { planApply } from '../../../src/cluster/apply-plan.js';
import { connectEnvironment, loadKubeConfig, type Connection } from '../../../src/cluster/kubeconfig.js';
import type { KubeObject } from '../../../src/kube-object.js';
import { crdWithSpec } from '../../gitops/crd.js';
import { connect, rendered } from './helpers.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/** A CRD with a schema of ~150 kB (`fields` string properties in each of three nested objects). */
function largeCrd(group: string, kind: string, fields = 500): KubeObject {
  const props = (prefix: string) =>
    Object.fromEntries(
      Array.from({ length: fields }, (_, i) => [
        `${prefix}Field${i}`,
        { type: 'string', description: `The ${prefix} field number ${i}, documented as generated CRDs are.` },
      ]),
    );
  return crdWithSpec(group, kind, {
    type: 'object',
    properties: {
      a: { type: 'object', properties: props('a') },
      b: { type: 'object', properties: props('b') },
      c: { type: 'object', properties: props('c') },
    },
  });
}

describe('waiting for the CRDs of a wave', () => {
  let proxy: FaultProxy;
  let proxied: Connection;
  let dir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kf-crd-wait-'));
    const minikube = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')!;
    proxy = await startFaultProxy({ server: minikube.server, caPem: minikube.caPem });
    proxy.decide = (method, path) => {
      requests.push(`${method} ${path}`);
      return 'pass';
    };
    const kc = await loadKubeConfig();
    const token = String(kc.users.get(kc.contexts.get('minikube')!.user)!.fields.token);
    proxied = await connectEnvironment(
      'proxied',
      { context: 'proxied', namespace: 'default' },
      { kubeconfig: proxy.writeKubeconfig(dir, token) },
    );
  });
  afterAll(async () => {
    proxied.client.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('watches them until Established, reading each whole CRD once', async () => {
    const group = `w${randomBytes(4).toString('hex')}.kf.test`;
    const crds = ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((kind) => largeCrd(group, kind));
    const widget: KubeObject = {
      apiVersion: `${group}/v1`,
      kind: 'Alpha',
      metadata: { name: 'one', namespace: 'default' },
      spec: { a: { aField7: 'x' } },
    };
    try {
      const result = await applyPlan(proxied, planApply(rendered([...crds, widget])));
      expect(countOutcomes(result)).toMatchObject({ created: 5, failed: 0 });
      const reads = requests.filter((r) => r.startsWith(`GET ${CRDS}/`));
      // one look at each (the baseline before applying is a list), then the watch
      for (const crd of crds)
        expect(reads.filter((r) => r === `GET ${CRDS}/${crd.metadata.name}`)).toHaveLength(1);
      expect(
        requests.filter((r) => r.startsWith(`GET ${CRDS}?`) && r.includes('watch=true')).length,
      ).toBeLessThanOrEqual(1);
    } finally {
      const admin = await connect('default');
      for (const crd of crds)
        await admin.client
          .request({ method: 'DELETE', path: `${CRDS}/${crd.metadata.name}` })
          .catch(() => undefined);
      admin.client.close();
    }
  }, 120_000);
});
