// NODE_EXTRA_CA_CERTS when kf is started as a program (bin/run.js run through its /bin/sh line,
// as the installed `kf` is): Node no longer reads the file at start-up, yet kf's own https
// downloads trust its certificates, child processes see the variable as it was, and an unreadable
// file is Node's warning, given when kf first connects.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { create } from 'tar';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert } from '../helpers/self-signed-cert.js';
import { ensureBuilt, tempDir } from '../helpers/run-kf.js';
import { makeApp, writeDemoRegistry } from '../registry/helpers.js';

const dir = tempDir('kf-extra-ca-');
const caFile = join(dir, 'ca.pem');
let server: ReturnType<typeof createServer>;
let url: string;

beforeAll(async () => {
  ensureBuilt();
  const { key, cert } = selfSignedCert('IP:127.0.0.1');
  writeFileSync(caFile, cert);
  writeDemoRegistry(join(dir, 'src', 'kubeflow-1.0.0'), '1.0.0', 'over https');
  const archive = join(dir, 'kubeflow.tar.gz');
  await create({ gzip: true, cwd: join(dir, 'src'), file: archive, portable: true }, ['kubeflow-1.0.0']);
  const body = readFileSync(archive);
  server = createServer({ key, cert }, (_req, res) =>
    res.writeHead(200, { 'content-length': body.length }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/kubeflow.tar.gz`;
}, 300_000);

afterAll(() => server?.close());

/** Runs kf as an installed program (the file itself, not `node` on it), or with `node` when asked. */
async function kf(args: string[], env: Record<string, string | undefined>, viaNode = false) {
  const bin = ensureBuilt();
  const r = await execa(viaNode ? 'node' : bin, viaNode ? [bin, ...args] : args, {
    cwd: makeApp(),
    env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined, KF_EXTRA_CA_CERTS: undefined, ...env },
    reject: false,
    stripFinalNewline: false,
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
}

describe('NODE_EXTRA_CA_CERTS with kf started as a program', { timeout: 120_000 }, () => {
  it("kf's own https downloads trust the extra certificates", async () => {
    const added = await kf(['registry', 'add', 'kubeflow', url], { NODE_EXTRA_CA_CERTS: caFile });
    expect(added).toMatchObject({ exitCode: 0, stderr: '' });
    expect(added.stdout).toMatch(
      /^Added registry 'kubeflow' \(archive https:\/\/127\.0\.0\.1:\d+\/kubeflow\.tar\.gz, sha256:/,
    );
    // The same as when Node reads the variable itself.
    expect(
      await kf(['registry', 'add', 'kubeflow', url], { NODE_EXTRA_CA_CERTS: caFile }, true),
    ).toMatchObject({
      exitCode: 0,
      stderr: '',
    });
    // Without it the certificate is not trusted: the download really is verified.
    const refused = await kf(['registry', 'add', 'kubeflow', url], {});
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(
      /^kf: cannot download .*: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/,
    );
  });

  it('child processes and the environment see the variable as it was set', async () => {
    const seen = await kf(
      ['eval', '--ext-str', 'NODE_EXTRA_CA_CERTS', '-e', 'std.extVar("NODE_EXTRA_CA_CERTS")'],
      {
        NODE_EXTRA_CA_CERTS: caFile,
      },
    );
    expect(seen).toMatchObject({ exitCode: 0, stdout: `${JSON.stringify(caFile)}\n`, stderr: '' });
    const moved = await kf(
      ['eval', '--ext-str', 'KF_EXTRA_CA_CERTS', '-e', 'std.extVar("KF_EXTRA_CA_CERTS")'],
      {
        NODE_EXTRA_CA_CERTS: caFile,
      },
    );
    expect(moved.stderr).toBe(
      'kf: environment variable KF_EXTRA_CA_CERTS is not set (use KF_EXTRA_CA_CERTS=VALUE)\n',
    );
  });

  it('an unreadable file is reported when kf first connects, not by every command', async () => {
    const missing = join(dir, 'missing.pem');
    // Node warns at start-up, whatever the command; kf only when it makes a TLS connection.
    expect((await kf(['eval', '-e', '1'], { NODE_EXTRA_CA_CERTS: missing }, true)).stderr).toContain(
      `Ignoring extra certs from \`${missing}\``,
    );
    expect(await kf(['eval', '-e', '1'], { NODE_EXTRA_CA_CERTS: missing })).toMatchObject({
      exitCode: 0,
      stderr: '',
    });
    const refused = await kf(['registry', 'add', 'kubeflow', url], { NODE_EXTRA_CA_CERTS: missing });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(`Warning: Ignoring extra certs from \`${missing}\`, load failed:`);
  });
});
