// One unit of parallel rendering: render an environment of the app at `root` and return its
// objects and/or its export files. Runs in a worker thread (render-worker.ts) or in-process;
// each run loads the app and renders with a fresh engine, so runs share nothing.
import { loadApp } from '../app/app.js';
import { UserError } from '../errors.js';
import { JsonnetError, plainLoc } from '../jsonnet/errors.js';
import { layoutFiles, parseTemplate, type PlannedFile } from './export-layout.js';
import type { RenderedObject } from '../kube-object.js';
import { toYamlV2 } from '../jsonnet/goyaml-v2/writer.js';
import { renderEnvironment, type RenderOptions } from './render.js';

export interface RenderJob {
  root: string;
  env: string;
  /** components, -J, ext vars, TLAs (plain data: it crosses a worker boundary) */
  render?: Omit<RenderOptions, 'engine'>;
  /** return the rendered objects */
  objects?: boolean;
  /** lay the objects out as export files with this name template */
  template?: string;
  /** render a second time and report objects whose bytes differ */
  twice?: boolean;
}

export interface JobResult {
  env: string;
  objects?: RenderedObject[];
  files?: PlannedFile[];
  /** objects that rendered differently the second time ("component: Kind namespace/name") */
  nondeterministic?: string[];
  /** milliseconds spent rendering (first render only) */
  renderMs: number;
}

export function runJob(job: RenderJob): JobResult {
  const app = loadApp(job.root);
  const options = job.render ?? {};
  const started = performance.now();
  const objects = renderEnvironment(app, job.env, options);
  const renderMs = performance.now() - started;
  const result: JobResult = { env: job.env, renderMs };
  if (job.objects) result.objects = objects;
  if (job.template !== undefined) result.files = layoutFiles(job.env, objects, parseTemplate(job.template));
  if (job.twice)
    result.nondeterministic = compareRenders(
      objects,
      // its std.trace lines were printed by the first render
      renderEnvironment(loadApp(job.root), job.env, { ...options, quietTraces: true }),
    );
  return result;
}

export function compareRenders(first: RenderedObject[], second: RenderedObject[]): string[] {
  const key = ({ component, object }: RenderedObject): string =>
    `${component}: ${object.apiVersion} ${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
  const a = new Map(first.map((o) => [key(o), toYamlV2(o.object)]));
  const b = new Map(second.map((o) => [key(o), toYamlV2(o.object)]));
  const differing = new Set<string>();
  for (const [k, text] of a) if (b.get(k) !== text) differing.add(k);
  for (const k of b.keys()) if (!a.has(k)) differing.add(k);
  const order = first.map(key).join('\n') !== second.map(key).join('\n');
  return [...differing, ...(order && differing.size === 0 ? ['(object order differs between renders)'] : [])];
}

/** An error as it crosses a worker boundary; rebuilt with its class on the other side. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields?: Record<string, unknown>;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof UserError) {
    return {
      name: 'UserError',
      message: error.message,
      stack: error.stack,
      fields: { location: error.location, hint: error.hint, exitCode: error.exitCode },
    };
  }
  if (error instanceof JsonnetError) {
    return {
      name: 'JsonnetError',
      message: error.message,
      stack: error.stack,
      // Locations as plain data: a structured clone keeps own fields only.
      fields: {
        kind: error.kind,
        location: plainLoc(error.location),
        detail: error.detail,
        trace: error.trace.map((t) => ({ ...t, loc: plainLoc(t.loc) })),
      },
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, stack: e.stack };
}

export function deserializeError(data: SerializedError): Error {
  if (data.name === 'UserError') {
    const fields = data.fields as { location?: UserError['location']; hint?: string; exitCode?: number };
    const error = new UserError(data.message, fields);
    if (data.stack) error.stack = data.stack;
    return error;
  }
  if (data.name === 'JsonnetError') {
    const error = Object.create(JsonnetError.prototype) as JsonnetError;
    Object.assign(error, data.fields, { name: 'JsonnetError', message: data.message, stack: data.stack });
    return error;
  }
  const error = new Error(data.message);
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}
