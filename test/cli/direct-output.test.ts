// kf eval's output written to the descriptors (src/cli/direct-output.ts): what the kernel answers a
// write on a full non-blocking pipe (EAGAIN), partial writes and a reader that went away cannot be
// produced on demand from a test (Node and Go children get blocking stdio), so writeSync answers
// them here; the end-to-end cases (pipes, `| head`, a slow reader) are in eval-fast-path.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';

type Answer = number | 'EAGAIN' | 'EPIPE' | 'ECONNRESET' | 'EIO';
const answers: Answer[] = [];
const written: Buffer[] = [];

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeSync: (fd: number, data: string | Buffer, offset?: number) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset ?? 0);
      const answer = answers.shift() ?? bytes.length;
      if (typeof answer === 'string') throw Object.assign(new Error(answer), { code: answer });
      written.push(Buffer.from(bytes.subarray(0, answer)));
      return answer;
    },
  };
});

const { printErr, printOut, usedStreams } = await import('../../src/cli/direct-output.js');

afterEach(() => {
  answers.length = 0;
  written.length = 0;
  vi.restoreAllMocks();
});

describe('direct output', () => {
  it('writes everything through partial writes and full pipes, multi-byte characters included', () => {
    const text = `${'é😀x'.repeat(1000)}\n`;
    answers.push('EAGAIN', 100, 'EAGAIN', 'EAGAIN', 1, 4000);
    printOut(text);
    expect(Buffer.concat(written).toString()).toBe(text);
    expect(written.map((b) => b.length)).toEqual([100, 1, 4000, Buffer.byteLength(text) - 4101]);
    expect(usedStreams()).toBe(false);
  });

  it('ends the process quietly when standard output has no reader, and ignores it on standard error', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    for (const code of ['EPIPE', 'ECONNRESET'] as const) {
      exit.mockClear();
      answers.push(code);
      printOut('x');
      expect(exit.mock.calls).toEqual([[0]]);
      answers.push(code);
      printErr('y');
      expect(exit.mock.calls).toEqual([[0]]);
    }
    expect(written).toEqual([]);
  });

  it('says in one line that standard output cannot be written (a full disk), exit 1; throws any other error on standard error', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    answers.push('EIO');
    printOut('x');
    expect(exit.mock.calls).toEqual([[1]]);
    expect(Buffer.concat(written).toString()).toBe('kf: cannot write standard output: EIO\n');
    answers.push('EIO');
    expect(() => printErr('y')).toThrow('EIO');
  });
});
