// Runs the real, built kf binary (`node bin/run.js`) for command tests. The first call in a test
// process builds a private copy of the package when it is missing or older than src/ (under a
// lock shared by all test processes; see build-if-stale.mjs), then every call spawns that
// binary with the given cwd and environment.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
/** Private build of the package for tests (see build-if-stale.mjs), one per checkout. */
export const TEST_BUILD_ROOT = join(
  tmpdir(),
  `kf-test-build-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}`,
);

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  cwd?: string;
  /** extra environment variables (merged over a clean base: HOME, PATH, KUBECONFIG unset) */
  env?: Record<string, string | undefined>;
  input?: string | Uint8Array;
  /** milliseconds after which kf is killed (then exitCode is 1 and stderr says so) */
  timeout?: number;
}

let bin: string | undefined;

export async function runKf(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await execa('node', [ensureBuilt(), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { KUBECONFIG: join(tmpdir(), 'kf-test-no-kubeconfig'), NO_COLOR: '1', ...options.env },
    extendEnv: true,
    reject: false,
    input: options.input,
    stripFinalNewline: false,
    timeout: options.timeout,
  });
  const stderr = result.timedOut ? `killed after ${options.timeout} ms\n` : String(result.stderr);
  return { stdout: String(result.stdout), stderr, exitCode: result.exitCode ?? 1 };
}

/** Builds the private test copy when it is missing or older than src/; returns its bin/run.js. */
export function ensureBuilt(): string {
  if (bin !== undefined) return bin;
  const script = join(REPO_ROOT, 'test', 'helpers', 'build-if-stale.mjs');
  execFileSync('flock', [`${TEST_BUILD_ROOT}.lock`, 'node', script, REPO_ROOT, TEST_BUILD_ROOT], {
    stdio: 'inherit',
  });
  bin = join(TEST_BUILD_ROOT, readFileSync(join(TEST_BUILD_ROOT, 'current'), 'utf8').trim(), 'bin', 'run.js');
  return bin;
}

/** docs/<name> of the kf that runKf runs: the path its hints name. */
export function kfDocsFile(name: string): string {
  return join(ensureBuilt(), '..', '..', 'docs', name);
}

/** A fresh empty temporary directory. */
export function tempDir(prefix = 'kf-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * An exec credential plugin (client.authentication.k8s.io/v1) answering `token`, at
 * `<dir>/plugin.sh`; with `log`, each run appends a line to that file.
 */
export function writeExecPlugin(dir: string, token: string, log?: string): string {
  const plugin = join(dir, 'plugin.sh');
  const credential = {
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token },
  };
  const record = log === undefined ? '' : `echo ran >> '${log}'\n`;
  writeFileSync(plugin, `#!/bin/sh\n${record}echo '${JSON.stringify(credential)}'\n`, { mode: 0o755 });
  return plugin;
}

/** A kubeconfig with the walkthrough's two contexts (`minikube` current, and `gke`). */
export function writeTestKubeconfig(dir: string, current = 'minikube'): string {
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      `current-context: ${current}`,
      'clusters:',
      '- name: minikube',
      '  cluster: {server: "https://127.0.0.1:6443"}',
      '- name: gke',
      '  cluster: {server: "https://127.0.0.1:7443"}',
      'contexts:',
      '- name: minikube',
      '  context: {cluster: minikube, user: admin}',
      '- name: gke',
      '  context: {cluster: gke, user: admin, namespace: ml}',
      'users:',
      '- name: admin',
      '  user: {token: test-token}',
      '',
    ].join('\n'),
  );
  return file;
}

/** Every file under `dir` with its bytes, for "no file changed" assertions. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (statSync(p).isFile()) out.set(p.slice(dir.length + 1), readFileSync(p, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
