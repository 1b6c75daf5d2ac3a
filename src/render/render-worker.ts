// Worker-thread entry for parallel rendering (see export-parallel.ts): runs each job it is sent
// and posts back the result or the error. Every job gets its own engine and import cache.
import { parentPort } from 'node:worker_threads';
import { runJob, serializeError, type RenderJob } from './export-job.js';

const port = parentPort;
if (port === null) throw new Error('render-worker.ts must run in a worker thread');

port.on('message', (message: { id: number; job: RenderJob }) => {
  try {
    port.postMessage({ id: message.id, result: runJob(message.job) });
  } catch (error) {
    port.postMessage({ id: message.id, error: serializeError(error) });
  }
});
