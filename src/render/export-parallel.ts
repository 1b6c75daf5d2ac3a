// Renders several environments at once on a pool of worker threads (node:worker_threads), at
// most `parallelism` at a time; one environment, or parallelism 1, renders in-process.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  deserializeError,
  runJob,
  type JobResult,
  type RenderJob,
  type SerializedError,
} from './export-job.js';

export function defaultParallelism(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Runs every job; results come back in the order of `jobs`. The first failure rejects.
 * `onResult` sees each result as it arrives (in completion order), e.g. to write its files while
 * other jobs still render.
 */
export async function runJobs(
  jobs: RenderJob[],
  parallelism = defaultParallelism(),
  onResult?: (result: JobResult) => void,
): Promise<JobResult[]> {
  const workers = Math.max(1, Math.min(parallelism, jobs.length));
  if (workers === 1)
    return jobs.map((job) => {
      const result = runJob(job);
      onResult?.(result);
      return result;
    });
  const results: JobResult[] = new Array(jobs.length);
  let next = 0;
  // After the first failure nothing more is started or reported.
  let failed = false;
  const pool = Array.from({ length: workers }, () => startWorker());
  try {
    await Promise.all(
      pool.map(async (worker) => {
        let index = next++;
        let running = index < jobs.length ? worker.run(jobs[index]) : undefined;
        try {
          while (running !== undefined) {
            const result = await running;
            if (failed) return;
            const done = index;
            // The worker gets its next job before this thread handles the result (writes its files).
            index = next++;
            running = index < jobs.length ? worker.run(jobs[index]) : undefined;
            results[done] = result;
            onResult?.(result);
          }
        } catch (error) {
          failed = true;
          running?.catch(() => undefined); // a job already sent fails when the pool stops
          throw error;
        }
      }),
    );
  } finally {
    await Promise.all(pool.map((w) => w.stop()));
  }
  return results;
}

interface PoolWorker {
  run(job: RenderJob): Promise<JobResult>;
  stop(): Promise<void>;
}

function startWorker(): PoolWorker {
  const worker = import.meta.url.endsWith('.ts')
    ? sourceWorker()
    : new Worker(new URL('./render-worker.js', import.meta.url));
  let id = 0;
  const pending = new Map<number, { resolve: (r: JobResult) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error): void => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (message: { id: number; result?: JobResult; error?: SerializedError }) => {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.error) p.reject(deserializeError(message.error));
    else p.resolve(message.result as JobResult);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`render worker exited with code ${code}`)));
  return {
    run(job) {
      return new Promise((resolve, reject) => {
        const n = ++id;
        pending.set(n, { resolve, reject });
        worker.postMessage({ id: n, job });
      });
    },
    async stop() {
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
