// Renders several environments at once: the calling thread renders too, and worker threads
// (node:worker_threads) help, at most `parallelism` renderers in all. Renderers take the next job
// from a shared counter, so a slow environment never holds the others back. One renderer (one
// environment, or parallelism 1) renders in-process only.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import {
  deserializeError,
  runJob,
  type JobResult,
  type RenderJob,
  type SerializedError,
} from './export-job.js';

/**
 * One renderer per CPU but one: the other is left to the file writer and to V8's garbage
 * collector. Each worker starts cold (loads the engine and compiles it hot again, ~0.3 s of CPU),
 * so on a 2-CPU machine rendering in-process alone is fastest (bench/render/README.md).
 */
export function defaultParallelism(): number {
  return Math.max(1, availableParallelism() - 1);
}

export interface RunJobsOptions {
  /**
   * Whether the calling thread renders too (default true). Its engine is already loaded and
   * compiled hot by its first job; a worker starts cold. Off, every job renders on a worker.
   */
  callerRenders?: boolean;
}

/** What a render worker posts back: one job's result or error, or that it took its last job. */
export type WorkerMessage =
  { index: number; result: JobResult } | { index: number; error: SerializedError } | { done: true };

/**
 * Runs every job; results come back in the order of `jobs`. The first failure rejects, and after
 * it nothing more is started or reported. `onResult` sees each result as it arrives (in
 * completion order), e.g. to hand its files to a writer while other jobs still render.
 */
export async function runJobs(
  jobs: RenderJob[],
  parallelism = defaultParallelism(),
  onResult?: (result: JobResult) => void,
  options: RunJobsOptions = {},
): Promise<JobResult[]> {
  const renderers = Math.max(1, Math.min(parallelism, jobs.length));
  const callerRenders = options.callerRenders ?? true;
  if (renderers === 1 && callerRenders)
    return jobs.map((job) => {
      const result = runJob(job);
      onResult?.(result);
      return result;
    });

  const results: JobResult[] = new Array(jobs.length);
  // The index of the next job to take; past the end once every job is taken or one has failed.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const take = (): number => Atomics.add(next, 0, 1);
  let failure: { error: Error } | undefined;
  let stopEarly!: () => void;
  const failed = new Promise<void>((resolve) => (stopEarly = resolve));
  const fail = (error: Error): void => {
    if (failure !== undefined) return;
    failure = { error };
    Atomics.store(next, 0, jobs.length);
    stopEarly();
  };
  const deliver = (index: number, result: JobResult): void => {
    if (failure !== undefined) return;
    results[index] = result;
    onResult?.(result);
  };

  const helpers = Array.from({ length: callerRenders ? renderers - 1 : renderers }, () =>
    startWorker(jobs, next.buffer as SharedArrayBuffer, deliver, fail),
  );
  try {
    if (callerRenders) {
      for (let index = take(); index < jobs.length; index = take()) {
        let result: JobResult;
        try {
          result = runJob(jobs[index]);
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
          break;
        }
        deliver(index, result);
        // Results the workers posted meanwhile are delivered here.
        await yieldToEvents();
      }
    }
    // A failure does not wait for the jobs other workers are still rendering.
    await Promise.race([Promise.all(helpers.map((h) => h.finished)), failed]);
  } finally {
    await Promise.all(helpers.map((h) => h.stop()));
  }
  if (failure !== undefined) throw failure.error;
  return results;
}

interface Helper {
  /** settles once the worker has taken its last job and posted every result (or failed) */
  finished: Promise<void>;
  stop(): Promise<void>;
}

function startWorker(
  jobs: RenderJob[],
  next: SharedArrayBuffer,
  deliver: (index: number, result: JobResult) => void,
  fail: (error: Error) => void,
): Helper {
  const worker = import.meta.url.endsWith('.ts')
    ? sourceWorker()
    : new Worker(new URL('./render-worker.js', import.meta.url));
  let done = false;
  let settle!: () => void;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const end = (error?: Error): void => {
    if (done) return;
    done = true;
    if (error !== undefined) fail(error);
    settle();
  };
  worker.on('message', (message: WorkerMessage) => {
    if ('done' in message) end();
    else if ('error' in message) fail(deserializeError(message.error));
    else deliver(message.index, message.result);
  });
  worker.on('error', (error) => end(error));
  worker.on('exit', (code) => end(new Error(`render worker exited with code ${code}`)));
  worker.postMessage({ jobs, next });
  return {
    finished,
    async stop() {
      done = true;
      await worker.terminate();
    },
  };
}

// From the TypeScript sources (bin/dev.mjs, tests) the worker registers tsx's loader in its own
// thread before importing the .ts entry.
function sourceWorker(): Worker {
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}
