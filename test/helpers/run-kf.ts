// Runs the real, built kf binary (`node bin/run.js`) for command tests. The first call in a test
// process builds dist/ when it is missing or older than src/ (under a lock shared by all test
// processes), then every call spawns the binary with the given cwd and environment.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const BIN = join(REPO_ROOT, 'bin', 'run.js');

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  cwd?: string;
  /** extra environment variables (merged over a clean base: HOME, PATH, KUBECONFIG unset) */
  env?: Record<string, string | undefined>;
  input?: string;
}

let built = false;

export async function runKf(args: string[], options: RunOptions = {}): Promise<RunResult> {
  ensureBuilt();
  const result = await execa('node', [BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { KUBECONFIG: join(tmpdir(), 'kf-test-no-kubeconfig'), NO_COLOR: '1', ...options.env },
    extendEnv: true,
    reject: false,
    input: options.input,
    stripFinalNewline: false,
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? 1 };
}

/** Builds dist/ when it is missing or older than src/ (see build-if-stale.mjs). */
export function ensureBuilt(): void {
  if (built) return;
  execFileSync(
    'flock',
    [
      join(tmpdir(), 'kf-build.lock'),
      'node',
      join(REPO_ROOT, 'test', 'helpers', 'build-if-stale.mjs'),
      REPO_ROOT,
    ],
    {
      stdio: 'inherit',
    },
  );
  built = true;
}

/** A fresh empty temporary directory. */
export function tempDir(prefix = 'kf-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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
