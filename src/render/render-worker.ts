// Worker-thread entry for parallel rendering (see export-parallel.ts): sent the whole job list
// and the shared counter, it takes the next job until none is left, posting each result or
// error, then posts that it is done. Every job gets its own engine and import cache.
import { parentPort } from 'node:worker_threads';
import { runJob, serializeError, type RenderJob } from './export-job.js';
import type { WorkerMessage } from './export-parallel.js';

const port = parentPort;
if (port === null) throw new Error('render-worker.ts must run in a worker thread');

port.once('message', ({ jobs, next }: { jobs: RenderJob[]; next: SharedArrayBuffer }) => {
  const counter = new Int32Array(next);
  const post = (message: WorkerMessage): void => port.postMessage(message);
  for (let index = Atomics.add(counter, 0, 1); index < jobs.length; index = Atomics.add(counter, 0, 1)) {
    try {
      post({ index, result: runJob(jobs[index]) });
    } catch (error) {
      post({ index, error: serializeError(error) });
      break;
    }
  }
  post({ done: true });
});
