// Writes files on threads of their own, so creating thousands of export files (a few hundred
// microseconds of kernel time each on some file systems, e.g. ext4 right after the previous
// export was deleted) overlaps with rendering instead of following it. Each batch of files is
// shared by the writer threads, which take the next file from the batch's shared counter; once
// the caller is done rendering, close() has it take files too. Folders must already exist. The
// first error stops all writing and is reported by close().
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Writes the files this thread claims from `next` until none is left or `stop` is set; on a failed
 * write it sets `stop` and returns what failed. Run by the caller and, as source text, by the
 * writer threads: it uses only its arguments and Atomics.
 */
function writeClaimed(
  files: [path: string, content: string][],
  next: Int32Array,
  stop: Int32Array,
  write: (path: string, content: string) => void,
): FailedWrite | undefined {
  for (
    let i = Atomics.add(next, 0, 1);
    i < files.length && Atomics.load(stop, 0) === 0;
    i = Atomics.add(next, 0, 1)
  ) {
    try {
      write(files[i][0], files[i][1]);
    } catch (error) {
      Atomics.store(stop, 0, 1);
      const e = error as NodeJS.ErrnoException;
      return { message: e.message, code: e.code, path: files[i][0] };
    }
  }
  return undefined;
}

interface FailedWrite {
  message: string;
  code?: string;
  path: string;
}

// Plain CommonJS run by `new Worker(…, { eval: true })`: no module of kf's, so it runs the same
// from the sources, dist/ or a bundle. `stop` (shared) becomes 1 at the first error anywhere.
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeFileSync } = require('node:fs');
const writeClaimed = ${writeClaimed.toString()};
const stop = new Int32Array(workerData.stop);
parentPort.on('message', (message) => {
  if (message.close) return void parentPort.postMessage({ closed: true });
  const error = writeClaimed(message.files, new Int32Array(message.next), stop, writeFileSync);
  if (error !== undefined) parentPort.postMessage({ error });
});
`;

/** An error from a write, with its code (ENOSPC, EACCES, …). */
export class WriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly path: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

interface WriterMessage {
  closed?: true;
  error?: FailedWrite;
}

interface Batch {
  files: [path: string, content: string][];
  next: Int32Array;
}

export class FileWriter {
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: Worker[];
  private readonly answered: Promise<void>[];
  private readonly batches: Batch[] = [];
  private error: WriteError | undefined;

  /**
   * `threads`: writer threads besides the caller (at least 1). `callerHelps: false` leaves all the
   * writing to the threads (tests: the caller would otherwise write everything a thread that is
   * still starting has not taken).
   */
  constructor(
    threads = 1,
    private readonly options: { callerHelps?: boolean } = {},
  ) {
    this.workers = Array.from(
      { length: Math.max(1, threads) },
      () => new Worker(WRITER, { eval: true, workerData: { stop: this.stop.buffer } }),
    );
    this.answered = this.workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.on('message', (message: WriterMessage) => {
            if (message.error) this.fail(message.error.message, message.error.code, message.error.path);
            if (message.closed) resolve();
          });
          worker.on('error', (error) => this.fail(`file writer failed: ${error.message}`));
          // Before close() is answered, an exit means files were lost.
          worker.on('exit', (code) => {
            this.fail(`file writer exited with code ${code}`);
            resolve();
          });
        }),
    );
  }

  /** Queues files ([path, content] pairs, absolute paths) for writing. */
  write(files: [path: string, content: string][]): void {
    const batch = { files, next: new Int32Array(new SharedArrayBuffer(4)) };
    this.batches.push(batch);
    for (const worker of this.workers) worker.postMessage({ files, next: batch.next.buffer });
  }

  /**
   * Writes what is left alongside the threads and waits for them; rejects with the first error.
   * The caller takes the batches from the last (the threads go from the first), so they write
   * into different folders until they meet.
   */
  async close(): Promise<void> {
    const helping = this.options.callerHelps ?? true;
    for (const { files, next } of helping ? [...this.batches].reverse() : []) {
      const failed = writeClaimed(files, next, this.stop, writeFileSync);
      if (failed !== undefined) this.fail(failed.message, failed.code, failed.path);
    }
    for (const worker of this.workers) worker.postMessage({ close: true });
    await Promise.all(this.answered);
    await this.terminate();
    if (this.error !== undefined) throw this.error;
  }

  /** Stops writing at once (files queued and not yet written are dropped). */
  async terminate(): Promise<void> {
    Atomics.store(this.stop, 0, 1);
    for (const worker of this.workers) worker.removeAllListeners('exit');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(message: string, code?: string, path = ''): void {
    Atomics.store(this.stop, 0, 1);
    this.error ??= new WriteError(message, code, path);
  }
}
