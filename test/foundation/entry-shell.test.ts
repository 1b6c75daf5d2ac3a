// bin/run.js started as a program (as the installed `kf` is) runs its /bin/sh line first, which
// starts Node on the same file. That line sizes V8's background thread pool for the machine
// (`--v8-pool-size=0`: on a 2-core machine one thread instead of Node's default four) unless
// NODE_OPTIONS already sizes it. A stand-in `node` first on PATH records how it was started.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, tempDir } from '../helpers/run-kf.js';

const dir = tempDir('kf-entry-shell-');
const argsFile = join(dir, 'args');
let bin: string;

beforeAll(() => {
  bin = ensureBuilt();
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`);
  chmodSync(join(dir, 'node'), 0o755);
}, 600_000);

async function nodeArgs(env: Record<string, string | undefined>): Promise<string[]> {
  writeFileSync(argsFile, '');
  const r = await execa(bin, ['eval', '-e', '1'], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, ...env },
    reject: false,
  });
  expect(r.exitCode).toBe(0);
  return readFileSync(argsFile, 'utf8').trimEnd().split('\n');
}

describe('the /bin/sh line of bin/run.js', () => {
  it('starts Node with a thread pool sized for the machine', async () => {
    expect(await nodeArgs({ NODE_OPTIONS: undefined })).toEqual(['--v8-pool-size=0', bin, 'eval', '-e', '1']);
    expect(await nodeArgs({ NODE_OPTIONS: '--max-old-space-size=2048' })).toEqual([
      '--v8-pool-size=0',
      bin,
      'eval',
      '-e',
      '1',
    ]);
  });

  it('leaves the pool to NODE_OPTIONS when it sets one', async () => {
    expect(await nodeArgs({ NODE_OPTIONS: '--v8-pool-size=3' })).toEqual([bin, 'eval', '-e', '1']);
    expect(await nodeArgs({ NODE_OPTIONS: '--max-old-space-size=2048 --v8-pool-size=8' })).toEqual([
      bin,
      'eval',
      '-e',
      '1',
    ]);
  });

  it('the real Node accepts the option (kf started as a program evaluates)', async () => {
    const r = await execa(bin, ['eval', '-e', '{ a: 1 + 1 }'], { reject: false });
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({
      exitCode: 0,
      stdout: '{\n   "a": 2\n}',
      stderr: '',
    });
  });
});
