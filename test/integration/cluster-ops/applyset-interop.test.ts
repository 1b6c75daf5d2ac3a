// kf's inventory is a real ApplySet: kubectl (KUBECTL_APPLYSET=true) computes the same parent id,
// refuses to take over a set whose tooling is kf, and, once allowed, sees kf's members.
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyPlan } from '../../../src/cluster/apply.js';
import { planApply } from '../../../src/cluster/apply-plan.js';
import { ANNOTATION_TOOLING, applySetId } from '../../../src/cluster/applyset.js';
import type { Connection } from '../../../src/cluster/kubeconfig.js';
import { configMap, connect, freshNamespace, rendered } from './helpers.js';

let admin: Connection;
let dir: string;
beforeAll(async () => {
  admin = await connect('default');
  dir = mkdtempSync(join(tmpdir(), 'kf-applyset-'));
});
afterAll(() => {
  admin.client.close();
  rmSync(dir, { recursive: true, force: true });
});

const kubectl = (args: string[]) =>
  execa('/usr/bin/kubectl', ['--context', 'minikube', ...args], {
    env: { KUBECONFIG: inject('kubeconfig'), KUBECTL_APPLYSET: 'true', HOME: dir },
    reject: false,
  });

describe('ApplySet interoperability with kubectl', () => {
  it('kubectl honours the tooling annotation, computes the same id and sees the members', async () => {
    const ns = await freshNamespace(admin);
    const parent = { kind: 'Secret' as const, name: 'kf-interop-dev', namespace: ns };
    const connection = await connect(ns);
    try {
      await applyPlan(
        connection,
        planApply(rendered([configMap('a', { x: '1' }), configMap('b', { x: '1' })])),
        {
          inventory: { parent, tooling: 'kf/0.1.0' },
        },
      );
    } finally {
      connection.client.close();
    }
    const onlyA = join(dir, 'only-a.yaml');
    writeFileSync(
      onlyA,
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ${ns}}\ndata: {x: "1"}\n`,
    );
    const args = [
      'apply',
      '--server-side',
      '-n',
      ns,
      '--prune',
      `--applyset=secret/${parent.name}`,
      '-f',
      onlyA,
      '--dry-run=server',
    ];

    const refused = await kubectl(args);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      `ApplySet parent object "secrets./${parent.name}" already exists and is managed by tooling "kf" instead of "kubectl"`,
    );

    // Hand the set to kubectl (as a user migrating would): it accepts kf's id and finds kf's members.
    await admin.client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/secrets/${parent.name}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { annotations: { [ANNOTATION_TOOLING]: 'kubectl/v1.32.4' } } },
    });
    const accepted = await kubectl(args);
    expect(accepted.stderr).not.toContain('incorrect value for label');
    expect(accepted.stdout).toContain('configmap/a serverside-applied (server dry run)');
    expect(accepted.stdout).toContain('configmap/b pruned (server dry run)');

    // and a wrong id is what kubectl would have rejected, naming the id kf computes
    await admin.client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/secrets/${parent.name}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { 'applyset.kubernetes.io/id': 'applyset-wrong-v1' } } },
    });
    const wrong = await kubectl(args);
    expect(wrong.stderr).toContain(`want: ${applySetId(parent)}`);
  });
});
