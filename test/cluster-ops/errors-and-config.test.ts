import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, describeClusterError, parseForbidden } from '../../src/cluster/api-error.js';
import { parseDuration } from '../../src/cluster/duration.js';
import {
  connectEnvironment,
  kubeconfigFiles,
  loadKubeConfig,
  sameServer,
} from '../../src/cluster/kubeconfig.js';
import { UserError } from '../../src/errors.js';
import { summaryLine } from '../../src/cli/progress.js';
import { writeExecPlugin } from '../helpers/run-kf.js';
import { selfSignedCert } from '../helpers/self-signed-cert.js';

describe('API errors', () => {
  it('RBAC denial → user, verb, resource, namespace, context', () => {
    const status = {
      kind: 'Status',
      code: 403,
      reason: 'Forbidden',
      message:
        'deployments.apps "web" is forbidden: User "dev" cannot patch resource "deployments" in API group "apps" in the namespace "ml"',
    };
    expect(describeClusterError(new ApiError(403, status, 'PATCH', '/x'), 'gke')).toBe(
      'user dev cannot patch deployments in namespace ml (context gke)',
    );
    expect(
      parseForbidden(
        'clusterroles.rbac.authorization.k8s.io "r" is forbidden: User "dev" cannot patch resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
      ),
    ).toEqual({
      user: 'dev',
      verb: 'patch',
      resource: 'clusterroles',
      namespace: undefined,
    });
  });
  it('SSA conflicts name the owning manager of each field and hint --force-conflicts', () => {
    const status = {
      kind: 'Status',
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 2 conflicts',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "helm" using apps/v1',
            field: '.spec.replicas',
          },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-edit" using apps/v1',
            field: '.spec.template.spec.containers[name="main"].image',
          },
        ],
      },
    };
    expect(describeClusterError(new ApiError(409, status, 'PATCH', '/x'), 'c')).toBe(
      'conflict: .spec.replicas is owned by "helm", .spec.template.spec.containers[name="main"].image is owned by "kubectl-edit" (rerun with --force-conflicts to take ownership)',
    );
  });
});

describe('kubeconfig', () => {
  it('--kubeconfig wins over KUBECONFIG, which is split on the path delimiter', () => {
    expect(kubeconfigFiles({ kubeconfig: '/a' }, { KUBECONFIG: '/b:/c' })).toEqual(['/a']);
    expect(kubeconfigFiles({}, { KUBECONFIG: '/b::/c' })).toEqual(['/b', '/c']);
    expect(kubeconfigFiles({}, { HOME: '/h' })[0]).toMatch(/\.kube\/config$/);
  });
  it('compares servers ignoring trailing slashes and default ports', () => {
    expect(sameServer('https://k8s.example.com/', 'https://K8S.example.com:443')).toBe(true);
    expect(sameServer('https://127.0.0.1:6443', 'https://127.0.0.1:6444')).toBe(false);
  });
  it('reports a missing --kubeconfig file in one line', async () => {
    await expect(loadKubeConfig({ kubeconfig: '/nonexistent/kubeconfig' })).rejects.toThrow(
      'kubeconfig /nonexistent/kubeconfig does not exist',
    );
  });
  it('a context the kubeconfig lacks, or whose cluster it lacks: the contexts there and what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-kc-'));
    const file = join(dir, 'config');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: gke, context: {cluster: c, user: u}}, {name: orphan, context: {cluster: gone, user: u}}]\n',
    );
    // The error connecting environment prod, bound to `context`, through this kubeconfig.
    const failure = (context: string) =>
      connectEnvironment('prod', { context, namespace: 'x' }, { kubeconfig: file }).then(
        () => expect.fail(`context ${context} connected`),
        (e: unknown) => (e as UserError).format(),
      );
    expect(await failure('gkee')).toBe(
      "environment prod uses kube context gkee, which is not in the kubeconfig (did you mean 'gke'? pass the kubeconfig that has it with --kubeconfig, or bind the environment to another context with 'kf env set prod --context <name>')",
    );
    expect(await failure('orphan')).toBe(
      "kube context orphan names cluster gone, which is not in the kubeconfig (or has no server) (add the cluster and its server to the kubeconfig, or fix the context's cluster name)",
    );
  });
  it('a kubeconfig that is not YAML: its line and column, once, and what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-kc-'));
    const file = join(dir, 'config');
    writeFileSync(file, 'apiVersion: v1\nclusters: [\n');
    const error = await loadKubeConfig({ kubeconfig: file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    // was: "<file>: cannot load kubeconfig <file>: … end with a ] at line 3, column 1:"
    expect((error as UserError).format()).toBe(
      `${file}:3:1: cannot load the kubeconfig: Flow sequence in block collection must be sufficiently indented and end with a ] (fix its YAML syntax, or pass another file with --kubeconfig)`,
    );
    const folder = await loadKubeConfig({ kubeconfig: dir }).catch((e: unknown) => e);
    expect((folder as UserError).format()).toBe(
      `${dir}: expected a file, found a folder (move the folder away)`,
    );
  });
  it('a server that is not an http(s) URL is a user error naming the kubeconfig, the context and the cluster', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-kc-'));
    const file = join(dir, 'config');
    for (const server of ['not a url', '127.0.0.1:6443', 'ftp://127.0.0.1:21', 'https://']) {
      writeFileSync(
        file,
        `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: gke, context: {cluster: c, user: u}}]\n`,
      );
      const connecting = connectEnvironment(
        'gke',
        { context: 'gke', namespace: 'default' },
        { kubeconfig: file },
      );
      await expect(connecting).rejects.toBeInstanceOf(UserError);
      await expect(connecting).rejects.toThrow(
        `kube context gke: cluster c has server ${JSON.stringify(server)}, which is not an https:// or http:// URL`,
      );
      await expect(connecting).rejects.toMatchObject({ location: { file } });
    }
  });
  it('merges files the kubectl way and resolves relative certificate paths per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-kc-'));
    const first = join(dir, 'a.yaml');
    const second = join(dir, 'b.yaml');
    writeFileSync(
      first,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c1, cluster: {server: "https://one", certificate-authority: ca.crt}}]\nusers: [{name: u, user: {token: t1}}]\ncontexts: [{name: x, context: {cluster: c1, user: u}}]\n',
    );
    writeFileSync(
      second,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c1, cluster: {server: "https://two"}}]\nusers: [{name: u, user: {token: t2}}]\ncontexts: [{name: y, context: {cluster: c1, user: u}}]\ncurrent-context: y\n',
    );
    const original = process.env.KUBECONFIG;
    process.env.KUBECONFIG = `${first}:${second}`;
    try {
      const kc = await loadKubeConfig();
      expect(kc.clusters.get('c1')?.fields.server).toBe('https://one');
      expect(kc.clusters.get('c1')?.fields['certificate-authority']).toBe(join(dir, 'ca.crt'));
      expect(kc.users.get('u')?.fields.token).toBe('t1');
      expect([...kc.contexts.keys()]).toEqual(['x', 'y']);
      expect(kc.currentContext).toBe('y');
    } finally {
      process.env.KUBECONFIG = original;
    }
  });
});

describe('duration and summary', () => {
  it('parses kubectl-style durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('12')).toBe(12_000);
    expect(() => parseDuration('5 minutes')).toThrow("invalid duration '5 minutes' for --timeout");
  });
  it('summarises outcomes', () => {
    expect(summaryLine({ created: 3, configured: 1, unchanged: 296, failed: 0 })).toBe(
      '3 created, 1 configured, 296 unchanged, 0 failed',
    );
    expect(summaryLine({ created: 0, configured: 0, unchanged: 1, failed: 0, pruned: 2 })).toBe(
      '0 created, 0 configured, 1 unchanged, 0 failed, 2 pruned',
    );
  });
});

describe('credentials', () => {
  it('reads tokens, token files, client certificates, CA files and basic auth; runs exec plugins', async () => {
    const { credentialsFor } = await import('../../src/cluster/kubeconfig.js');
    const dir = mkdtempSync(join(tmpdir(), 'kf-cred-'));
    const ca = selfSignedCert('DNS:kube.internal').cert;
    const client = selfSignedCert('DNS:client');
    writeFileSync(join(dir, 'ca.crt'), ca);
    writeFileSync(join(dir, 'token'), 'from-file\n');
    writeExecPlugin(dir, 'from-plugin');
    const file = join(dir, 'config');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- {name: c, cluster: {server: "https://k", certificate-authority: ca.crt, tls-server-name: kube.internal}}',
        '- {name: insecure, cluster: {server: "https://k", insecure-skip-tls-verify: true}}',
        'users:',
        '- {name: tok, user: {token: abc}}',
        '- {name: file, user: {tokenFile: token}}',
        `- {name: cert, user: {client-certificate-data: ${Buffer.from(client.cert).toString('base64')}, client-key-data: ${Buffer.from(client.key).toString('base64')}}}`,
        '- {name: basic, user: {username: u, password: p}}',
        '- {name: exec, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./plugin.sh, interactiveMode: Never}}}',
        'contexts:',
        ...['tok', 'file', 'cert', 'basic', 'exec'].map(
          (u) => `- {name: ${u}, context: {cluster: c, user: ${u}}}`,
        ),
        '- {name: insecure, context: {cluster: insecure, user: tok}}',
        '',
      ].join('\n'),
    );
    const config = await loadKubeConfig({ kubeconfig: file });
    const tok = await credentialsFor(config, 'tok');
    expect(tok).toMatchObject({
      rejectUnauthorized: true,
      servername: 'kube.internal',
      headers: { Authorization: 'Bearer abc' },
    });
    expect(tok.ca?.toString()).toBe(ca);
    expect((await credentialsFor(config, 'file')).headers.Authorization).toBe('Bearer from-file');
    const cert = await credentialsFor(config, 'cert');
    expect([cert.cert?.toString(), cert.key?.toString(), cert.headers.Authorization]).toEqual([
      client.cert,
      client.key,
      undefined,
    ]);
    expect((await credentialsFor(config, 'basic')).headers.Authorization).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    expect((await credentialsFor(config, 'exec')).headers.Authorization).toBe('Bearer from-plugin');
    expect((await credentialsFor(config, 'insecure')).rejectUnauthorized).toBe(false);
  });

  it('unusable credentials are user errors naming the context: a missing token file, a certificate that is not PEM, a silent plugin, an auth provider without its config', async () => {
    const { credentialsFor } = await import('../../src/cluster/kubeconfig.js');
    const dir = mkdtempSync(join(tmpdir(), 'kf-cred-'));
    const file = join(dir, 'config');
    const notPem = Buffer.from('not a certificate').toString('base64');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
        'users:',
        '- {name: nofile, user: {tokenFile: missing-token}}',
        `- {name: badcert, user: {client-certificate-data: ${notPem}, client-key-data: ${notPem}}}`,
        "- {name: silent, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ['-c', 'exit 3'], interactiveMode: Never}}}",
        '- {name: gcp, user: {auth-provider: {name: gcp}}}',
        'contexts:',
        ...['nofile', 'badcert', 'silent', 'gcp'].map(
          (u) => `- {name: ${u}, context: {cluster: c, user: ${u}}}`,
        ),
        '',
      ].join('\n'),
    );
    const config = await loadKubeConfig({ kubeconfig: file });
    const failure = async (context: string) => {
      const error = await credentialsFor(config, context).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      return (error as UserError).format();
    };
    expect(await failure('nofile')).toBe(`cannot read tokenFile ${join(dir, 'missing-token')}: ENOENT`);
    expect(await failure('badcert')).toMatch(
      /^the TLS certificates or key of context badcert cannot be used: .*PEM.* \(check certificate-authority, client-certificate and client-key/,
    );
    expect(await failure('silent')).toBe(
      'the credential plugin of context silent failed: it printed no reason (run the exec command of its user by hand to see why)',
    );
    expect(await failure('gcp')).toMatch(
      /^the auth provider gcp of context gcp failed: its config is incomplete \(kubectl ≥ 1\.26 signs in through exec credential plugins/,
    );
  });
});
