// The CLI contract of issue 2: version, help, usage errors exit 2 with one line, no stack traces.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${root}bin/run.js`;

function kf(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

beforeAll(() => {
  if (!existsSync(`${root}dist/root-help.txt`))
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
});

describe('kf binary', () => {
  it('prints its version', () => {
    const { stdout, status } = kf(['--version']);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^kf\/\d+\.\d+\.\d+ \S+ node-v\d+/);
  });

  it('answers the root help from the build-time copy exactly as oclif renders it', () => {
    const fast = kf(['--help']);
    const slow = kf(['--help'], { KF_NO_FASTPATH: '1', COLUMNS: '100' });
    expect(fast.status).toBe(0);
    expect(fast.stdout).toContain('USAGE');
    expect(fast.stdout).toBe(slow.stdout);
  });

  it('bundles the evaluator for the kf eval fast path', async () => {
    const bundle = createRequire(import.meta.url)(`${root}dist/cli/eval.bundle.cjs`) as {
      runEvalFast?: unknown;
    };
    expect(typeof bundle.runEvalFast).toBe('function');
    const { stdout, status } = kf(['eval', '-e', 'std.parseYaml("a: [1]")']);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ a: [1] });
  });

  it('reports an unknown flag as a one-line usage error with exit code 2', () => {
    const { stderr, status } = kf(['version', '---namespace=default']);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^kf: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
