// A command that ends with a non-zero exit code (kf fmt --diff/--test: 3, kf diff: 3, a user error: 1)
// has written everything it printed first, even to a pipe whose reader is slower than kf: Node
// writes to a full pipe asynchronously, and exiting while writes were queued cut the output short
// (a CI log of `kf fmt --diff` or `kf diff` ended mid-hunk, after the first 64 KB).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, tempDir } from '../helpers/run-kf.js';

/** Runs kf with its stdout and stderr read only after `delayMs`: the pipes fill up meanwhile. */
function runWithSlowReader(
  args: string[],
  cwd: string,
  delayMs: number,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [ensureBuilt(), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', KF_NO_COMPILE_CACHE: '1' },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.on('error', reject);
    // Listening at once and paused (a stream nobody listens to is drained and dropped once the
    // child exits): nothing is read from the pipes until the delay is over.
    child.stdout.on('data', (b: Buffer) => out.push(b)).pause();
    child.stderr.on('data', (b: Buffer) => err.push(b)).pause();
    setTimeout(() => {
      child.stdout.resume();
      child.stderr.resume();
    }, delayMs);
    child.on('close', (code) =>
      resolve({ stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), code }),
    );
  });
}

describe('output written before a non-zero exit', () => {
  let dir: string;

  beforeAll(() => {
    dir = tempDir('kf-exit-output-');
    // every line changes when formatted: the diff is ~85 KB, the --test -v listing ~130 KB: more than a pipe holds
    const rows = Array.from({ length: 2000 }, (_, i) => `{a:${i},   b:"x"},`);
    writeFileSync(join(dir, 'big.jsonnet'), `[\n${rows.join('\n')}\n]\n`);
    for (let i = 0; i < 3000; i++)
      writeFileSync(
        join(dir, `a-file-with-a-longer-name-${String(i).padStart(4, '0')}.jsonnet`),
        '{a:1,   b:2}\n',
      );
  });

  it('kf fmt --diff: the whole diff on stdout, then exit 3', { timeout: 60_000 }, async () => {
    // what kf prints to a file, where nothing is ever queued
    const file = join(dir, 'diff.txt');
    spawnSync('sh', ['-c', `node "${ensureBuilt()}" fmt --diff big.jsonnet > "${file}"`], { cwd: dir });
    const whole = readFileSync(file, 'utf8');
    expect(whole.length).toBeGreaterThan(70_000);
    const piped = await runWithSlowReader(['fmt', '--diff', 'big.jsonnet'], dir, 500);
    expect(piped.code).toBe(3);
    expect(piped.stdout.length).toBe(whole.length);
    expect(piped.stdout).toBe(whole);
  });

  it('kf fmt --test -v: every file listed on stderr, then exit 3', { timeout: 60_000 }, async () => {
    const piped = await runWithSlowReader(['fmt', '--test', '-v', '.'], dir, 500);
    expect(piped.code).toBe(3);
    const lines = piped.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('fmt ')).length, lines.slice(-3).join('\n')).toBe(3001);
    expect(lines.at(-1)).toMatch(/^kf: 3001 of 3001 files are not formatted/);
  });
});
