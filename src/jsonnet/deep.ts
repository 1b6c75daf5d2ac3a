// Evaluation deeper than the host stack allows: when V8's stack runs out before `maxStack`
// Jsonnet frames, Engine re-runs the same pure evaluation in a child process (deep-child.ts) whose
// worker thread has a stack sized for the limit, and waits for it synchronously. Ordinary
// programs never get here and pay nothing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TraceEntry } from './errors.js';
import { nodeChildProcess, nodeV8 } from './lazy-builtin.js';
import type { BuiltinImport, ExtValue, OutputMode, Overrides } from './index.js';

export type DeepInput = { file: string } | { filename: string; code: string };

export type DeepOutput =
  { kind: 'data' } | { kind: 'render'; mode: OutputMode } | { kind: 'multi'; stringMode: boolean };

/** Everything the child needs: plain data only (no functions). */
export interface DeepRequest {
  cwd: string;
  options: {
    jpath?: string[];
    builtinImports?: Record<string, BuiltinImport>;
    fallbackImports?: Record<string, BuiltinImport>;
    extVars?: Record<string, ExtValue>;
    tlas?: Record<string, ExtValue>;
    maxStack?: number;
    anonymousSnippets?: boolean;
  };
  input: DeepInput;
  overrides?: Overrides;
  output: DeepOutput;
}

export interface DeepResult {
  ok: boolean;
  value?: unknown;
  error?: { kind: 'static' | 'runtime'; detail: string; location?: unknown; trace: TraceEntry[] };
  /** std.trace lines of the whole evaluation, in order. */
  traces: string[];
}

/** The child's entry: compiled next to this file, or the TypeScript source when run from src/. */
function childCommand(): string[] | undefined {
  // Next to this module, or (from the esbuild bundle of `kf eval` in dist/cli/) in dist/jsonnet/.
  for (const rel of ['./deep-child.js', '../jsonnet/deep-child.js']) {
    const js = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(js)) return [js];
  }
  const ts = fileURLToPath(new URL('./deep-child.ts', import.meta.url));
  if (existsSync(ts)) return ['--import', 'tsx', ts];
  return undefined;
}

/** Runs the request in the deep-evaluation child; undefined when the child is not available. */
export function runDeep(request: DeepRequest): DeepResult | undefined {
  const cmd = childCommand();
  if (!cmd) return undefined;
  const r = nodeChildProcess().spawnSync(process.execPath, cmd, {
    input: JSON.stringify(request),
    // The child changes to request.cwd itself: from the TypeScript sources, `--import tsx` must
    // resolve from here, not from the caller's directory.
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    maxBuffer: 2 ** 32,
    stdio: ['pipe', 'pipe', 'inherit'],
    // The child makes no TLS connection: without this Node would read these certificates first.
    env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined },
  });
  if (r.status !== 0 || !r.stdout || r.stdout.length === 0) return undefined;
  return nodeV8().deserialize(r.stdout) as DeepResult;
}
