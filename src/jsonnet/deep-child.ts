// The deep-evaluation child: a Node process started by Engine when an evaluation ran out of the
// host (V8) stack before reaching --max-stack. It re-runs the same pure evaluation in a worker
// thread whose stack is sized for the frame limit, and answers on stdout with v8-serialized
// { ok, value | error, traces }. Evaluation is deterministic, so the answer is the one the first
// attempt would have given with a big enough stack. A separate process (not a worker of the
// caller) keeps the caller's synchronous API and survives the worker running out of memory.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { serialize } from 'node:v8';
import { readFileSync } from 'node:fs';
import type { DeepRequest, DeepResult } from './deep.js';
import { Engine, JsonnetError } from './index.js';
import { plainLoc } from './errors.js';

/** Runs a request in this thread (the big-stack worker). */
function deepEvaluate(request: DeepRequest): DeepResult {
  const traces: string[] = [];
  const engine = new Engine({
    ...request.options,
    traceOut: (l) => traces.push(l),
    hostStackFallback: false,
  });
  try {
    const { input, overrides, output } = request;
    let value: unknown;
    if (output.kind === 'data') {
      value =
        'file' in input
          ? engine.evaluateFile(input.file, overrides)
          : engine.evaluateSnippet(input.filename, input.code, overrides);
    } else if (output.kind === 'render') {
      value =
        'file' in input
          ? engine.evaluateFileToString(input.file, output.mode, overrides)
          : engine.evaluateSnippetToString(input.filename, input.code, output.mode, overrides);
    } else {
      value = engine.evaluateMulti(input, output.stringMode, overrides);
    }
    return { ok: true, value, traces };
  } catch (e) {
    if (e instanceof JsonnetError) {
      return {
        ok: false,
        traces,
        error: {
          kind: e.kind,
          detail: e.detail,
          // Plain data: v8.serialize keeps own fields only, and decoded locations compute theirs.
          location: plainLoc(e.location),
          trace: e.trace.map((t) => ({ ...t, loc: plainLoc(t.loc) })),
        },
      };
    }
    return {
      ok: false,
      traces,
      error: { kind: 'runtime', detail: e instanceof Error ? e.message : String(e), trace: [] },
    };
  }
}

/** Bytes of host stack one Jsonnet frame may take (measured: ~1 KB; generous for safety). */
const BYTES_PER_FRAME = 3 * 1024;

function stackMbFor(maxStack: number): number {
  return Math.min(Math.max(Math.ceil((maxStack * BYTES_PER_FRAME) / (1 << 20)) + 16, 64), 4000);
}

function main(): void {
  const request = readRequest();
  // The parent starts this process where `--import tsx` resolves (tests); relative paths of the
  // evaluation resolve against the caller's directory.
  process.chdir(request.cwd);
  // From the TypeScript sources (tests), the worker registers tsx before loading this file.
  const self = import.meta.url;
  const entry = self.endsWith('.ts')
    ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(self)}); })`
    : new URL(self);
  const worker = new Worker(entry, {
    eval: typeof entry === 'string',
    workerData: request,
    resourceLimits: { stackSizeMb: stackMbFor(request.options.maxStack ?? 500) },
  });
  let answered = false;
  const answer = (result: DeepResult): void => {
    if (answered) return;
    answered = true;
    process.stdout.write(serialize(result));
  };
  worker.on('message', (m: DeepResult) => answer(m));
  worker.on('error', (e: Error & { code?: string }) => {
    const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
    answer({
      ok: false,
      traces: [],
      error: {
        kind: 'runtime',
        detail: oom
          ? 'out of memory: the evaluation needs more memory than Node may use.'
          : String(e.message),
        trace: [],
      },
    });
  });
  worker.on('exit', () => {
    answer({
      ok: false,
      traces: [],
      error: { kind: 'runtime', detail: 'evaluation ended without a result', trace: [] },
    });
  });
}

function readRequest(): DeepRequest {
  return JSON.parse(readFileSync(0, 'utf8')) as DeepRequest;
}

if (isMainThread) main();
else parentPort?.postMessage(deepEvaluate(workerData as DeepRequest));
