// What `kf eval` prints, written straight to file descriptors 1 and 2. process.stdout and
// process.stderr are streams: the first use of either loads some twenty of Node's own modules
// (stream, its internals, string_decoder, …), ~5 ms of a small program's ~100 ms run.
//
// Writes are synchronous, as Node's own are on Linux for files, pipes and terminals. Node and Go
// start children with blocking stdio, but another program sharing the pipe may have made it
// non-blocking: when it is full, the write waits for the reader and goes on. A reader that went away (`kf eval …
// | head`) ends kf quietly, as bin/run.js does for the streams. On Windows the streams are used.
import { writeSync } from 'node:fs';

const direct = process.platform !== 'win32';
let streamsUsed = false;

/** Writes `text` to standard output. */
export function printOut(text: string): void {
  write(1, text);
}

/** Writes `text` to standard error. */
export function printErr(text: string): void {
  write(2, text);
}

/** Whether anything went through process.stdout / process.stderr (which may still hold some). */
export function usedStreams(): boolean {
  return streamsUsed;
}

function write(fd: 1 | 2, text: string): void {
  if (text.length === 0) return;
  if (!direct) {
    streamsUsed = true;
    (fd === 1 ? process.stdout : process.stderr).write(text);
    return;
  }
  let bytes: Buffer | undefined;
  let offset = 0;
  for (;;) {
    let written: number;
    try {
      written = bytes === undefined ? writeSync(fd, text) : writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        pause();
        written = 0;
      } else if (code === 'EPIPE' || code === 'ECONNRESET') {
        // (A child process's stdio made by Node is a socket pair, which says ECONNRESET.)
        if (fd === 1) process.exit(0);
        return; // nobody reads standard error any more
      } else if (fd === 1) {
        // One line, as bin/run.js says it for the streams (`kf eval … > out.json` on a full disk).
        const reason = (error as Error).message.replace(/^[A-Z]+: /, '').replace(/, write$/, '');
        write(2, `kf: cannot write standard output: ${reason}\n`);
        process.exit(1);
        return;
      } else throw error;
    }
    if (bytes === undefined) {
      // Most writes take the whole string; only a partial one needs its bytes. (A string has at
      // least as many UTF-8 bytes as UTF-16 units.)
      if (written >= text.length && written === Buffer.byteLength(text)) return;
      bytes = Buffer.from(text);
    }
    offset += written;
    if (offset >= bytes.length) return;
  }
}

let sleeper: Int32Array | undefined;

/** Waits 2 ms for a full pipe's reader (synchronously: the write must finish before anything else). */
function pause(): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, 2);
}
