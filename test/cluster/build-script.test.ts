// build.sh: KUBEBUILDER_ASSETS overrides the build (envtest convention), and the cached
// binaries are reused without invoking go.
import { execa } from 'execa';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBinaries } from './binaries.js';

const buildScript = join(import.meta.dirname, 'build.sh');
const scratch = mkdtempSync(join(tmpdir(), 'kf-build-script-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('build.sh', () => {
  it('uses KUBEBUILDER_ASSETS when it holds both binaries', async () => {
    const assets = mkdtempSync(join(scratch, 'assets-'));
    for (const name of ['kube-apiserver', 'etcd']) {
      writeFileSync(join(assets, name), '#!/bin/sh\n');
      chmodSync(join(assets, name), 0o755);
    }
    const { stdout } = await execa('bash', [buildScript], { env: { KUBEBUILDER_ASSETS: assets } });
    expect(stdout).toBe(assets);
  });

  it('refuses a KUBEBUILDER_ASSETS folder without etcd instead of building', async () => {
    const assets = mkdtempSync(join(scratch, 'partial-'));
    writeFileSync(join(assets, 'kube-apiserver'), '#!/bin/sh\n', { mode: 0o755 });
    const result = await execa('bash', [buildScript], { env: { KUBEBUILDER_ASSETS: assets }, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('does not hold executable kube-apiserver and etcd');
  });

  it.skipIf(Boolean(process.env.KUBEBUILDER_ASSETS))(
    'reuses the cached binaries without calling go',
    async () => {
      const { dir } = await ensureBinaries(); // built by globalSetup already
      // With no go on PATH, only the cache can satisfy the request.
      const { stdout } = await execa('bash', [buildScript], {
        env: { PATH: '/usr/bin:/bin', KUBEBUILDER_ASSETS: '' },
      });
      expect(stdout).toBe(dir);
      expect(dir).toMatch(/kf\/k8s-v1\.\d+\.\d+$/);
    },
  );
});
