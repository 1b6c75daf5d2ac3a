// The apply workflow called in-process: a client dry run is the plan and contacts nothing; the
// confirmation callback sees the cluster target before anything is sent, and "no" cancels.
import { cpSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  apply,
  isUserError,
  type ConfirmRequest,
  type UserError,
  type WorkflowEvent,
} from '../../src/workflow/index.js';
import { REPO_ROOT, tempDir } from '../helpers/run-kf.js';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let root: string;
let kubeconfig: string;
let serverUrl: string;

beforeAll(async () => {
  root = join(tempDir('kf-workflow-'), 'app');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic'), root, { recursive: true });
  serverUrl = `https://127.0.0.1:${await closedPort()}`;
  writeFileSync(
    join(root, 'app.yaml'),
    stringify({
      apiVersion: 'kf.dev/v1alpha1',
      kind: 'App',
      name: 'render-basic',
      environments: { dev: { namespace: 'dev-ns', context: 'local', server: serverUrl } },
      registries: {},
      libraries: {},
    }),
  );
  kubeconfig = join(root, '..', 'kubeconfig.yaml');
  writeFileSync(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'local', cluster: { server: serverUrl, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'local', user: { token: 'x' } }],
      contexts: [{ name: 'local', context: { cluster: 'local', user: 'local' } }],
      'current-context': 'local',
    }),
  );
});

describe('apply workflow', () => {
  it('a client dry run returns the plan wave by wave and emits nothing', async () => {
    const events: WorkflowEvent[] = [];
    const result = await apply({ cwd: root, env: 'dev', dryRun: 'client', onEvent: (e) => events.push(e) });
    expect(result.target).toBeUndefined();
    expect(result.objects).toEqual([]);
    expect(events).toEqual([]);
    expect(
      result.plan.map((p) => `${p.wave} ${p.component} ${p.object.kind} ${p.object.metadata.name}`),
    ).toEqual(expect.arrayContaining(['namespaces-and-crds team-ns Namespace team']));
    const waves = result.plan.map((p) => p.wave);
    expect(waves.indexOf('namespaced')).toBeGreaterThan(waves.lastIndexOf('namespaces-and-crds'));
  });

  it('asks before changing the cluster; "no" cancels before any request is sent', async () => {
    const asked: ConfirmRequest[] = [];
    const events: WorkflowEvent[] = [];
    await expect(
      apply({
        cwd: root,
        env: 'dev',
        kubeconfig,
        confirm: async (request) => {
          asked.push(request);
          return false;
        },
        onEvent: (e) => events.push(e),
      }),
    ).rejects.toThrow('cancelled; nothing was changed');
    expect(asked).toEqual([
      {
        action: 'apply to',
        envName: 'dev',
        context: 'local',
        server: serverUrl,
        namespace: 'dev-ns',
        // the server-side diff summary, computed only if the asker calls it (this one does not)
        changes: expect.any(Function),
      },
    ]);
    expect(events).toEqual([]);
  });

  it('a server where nothing listens fails at once with one line naming context and server', async () => {
    const started = Date.now();
    const error = await apply({ cwd: root, env: 'dev', kubeconfig, confirm: async () => true }).catch(
      (e: unknown) => e,
    );
    expect(isUserError(error)).toBe(true);
    expect((error as UserError).format()).toMatch(
      new RegExp(
        `^cannot reach the API server ${serverUrl.replace(/\./g, '\\.')} \\(context local\\): connect ECONNREFUSED .*\\(is the cluster of context local running\\? check the server address in the kubeconfig\\)$`,
      ),
    );
    // Retrying a refused connection (as before) took several seconds of backoff.
    expect(Date.now() - started).toBeLessThan(2500);
  });
});
