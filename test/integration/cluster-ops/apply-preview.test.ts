// What apply shows before asking, against a real control plane: the confirmation request carries
// the server-side dry-run summary (the `kf diff` path): created/changed/unchanged counts and the
// names of the objects that change. Computing it changes nothing on the cluster.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import { apply, isUserError, type ChangeSummary, type ConfirmRequest } from '../../../src/workflow/index.js';
import { tempDir } from '../../helpers/run-kf.js';
import { connect, freshNamespace, getJson } from './helpers.js';

let admin: Connection;
let app: string;
let ns: string;

function writeComponents(data: Record<string, Record<string, string>>): void {
  mkdirSync(join(app, 'components'), { recursive: true });
  writeFileSync(
    join(app, 'components', 'core.yaml'),
    Object.entries(data)
      .map(
        ([name, values]) =>
          `---\n${stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: values })}`,
      )
      .join(''),
  );
}

/** Applies with a confirm callback that records the summary and answers `answer`. */
async function applyAnswering(answer: boolean): Promise<{ summary?: ChangeSummary; outcome: unknown }> {
  let summary: ChangeSummary | undefined;
  const confirm = async (request: ConfirmRequest) => {
    summary = await request.changes?.();
    return answer;
  };
  const outcome = await apply({ cwd: app, env: 'minikube', kubeconfig: inject('kubeconfig'), confirm }).catch(
    (error: unknown) => error,
  );
  return { summary, outcome };
}

beforeAll(async () => {
  admin = await connect('default');
  ns = await freshNamespace(admin, 'kf-preview');
  app = join(tempDir('kf-preview-'), 'app');
  mkdirSync(app, { recursive: true });
  const server = inject('clusters').controlPlanes.find((c) => c.name === 'minikube')!.server;
  writeFileSync(
    join(app, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'preview',
      id: 'a1b2c3d4e5f6',
      environments: { minikube: { context: 'minikube', server, namespace: ns } },
      registries: {},
      libraries: {},
    }),
  );
});

afterAll(() => admin?.client.close());

describe('apply shows a server-side diff summary before asking', () => {
  it('counts objects to create on a first apply', async () => {
    writeComponents({ a: { k: '1' }, b: { k: '1' } });
    const { summary, outcome } = await applyAnswering(true);
    expect(isUserError(outcome)).toBe(false);
    expect(summary).toEqual({
      created: 2,
      changed: 0,
      unchanged: 0,
      failed: 0,
      createdObjects: [`configmap/a -n ${ns}`, `configmap/b -n ${ns}`],
      changedObjects: [],
      failedObjects: [],
    });
  }, 120_000);

  it('names the changed object and counts the unchanged; a "no" leaves the cluster as it was', async () => {
    writeComponents({ a: { k: '1' }, b: { k: '2' }, c: { k: '1' } });
    const { summary, outcome } = await applyAnswering(false);
    expect(isUserError(outcome) && outcome.message).toBe('cancelled; nothing was changed');
    expect(summary).toMatchObject({
      created: 1,
      changed: 1,
      unchanged: 1,
      createdObjects: [`configmap/c -n ${ns}`],
      changedObjects: [`configmap/b -n ${ns}`],
    });
    const b = await getJson<{ data: Record<string, string> }>(admin, `/api/v1/namespaces/${ns}/configmaps/b`);
    expect(b?.data).toEqual({ k: '1' });
    expect(await getJson(admin, `/api/v1/namespaces/${ns}/configmaps/c`)).toBeUndefined();
  }, 120_000);
});
