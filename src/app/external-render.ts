// What Tanka's helmTemplate and kustomizeBuild natives share (pkg/helm, pkg/kustomize): find the
// input next to the Jsonnet file that asked for it (opts.calledFrom), keep it inside the app, run
// the tool, read its YAML stream as go-yaml v3 does, and key the objects by the name format.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseYamlV3 } from '../jsonnet/yaml-v3.js';
import { compileNameFormat, DEFAULT_NAME_FORMAT } from './helm-name-format.js';

export interface ExternalRenderContext {
  /** Refuses an input outside the places imports may read (the app and -J directories); undefined allows it. */
  pathPolicy?: (path: string) => string | undefined;
  /** the helm binary (default: $KF_HELM_PATH, else `helm`) */
  helm?: string;
  /** the kustomize binary (default: $KF_KUSTOMIZE_PATH, else `kustomize`) */
  kustomize?: string;
}

export type OptionType = 'any' | 'string' | 'boolean' | 'strings';

export function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * A native's options object as Go's json.Unmarshal fills a struct: keys match field names
 * case-insensitively, unknown keys and nulls are ignored, a value of the wrong type is an error.
 * `calledFrom` is required.
 */
export function parseToolOptions<T extends { calledFrom: string }>(
  fn: string,
  opts: unknown,
  types: Record<keyof T, OptionType>,
  defaults: T,
  docs: string,
): T {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts))
    throw new Error(`${fn}: argument 'opts' must be an object, got ${typeOf(opts)}`);
  const options = { ...defaults } as Record<string, unknown>;
  const byLowerName = new Map(Object.keys(types).map((k) => [k.toLowerCase(), k]));
  for (const [given, value] of Object.entries(opts)) {
    const key = byLowerName.get(given.toLowerCase());
    if (key === undefined || value === null) continue;
    const type = types[key as keyof T];
    const ok =
      type === 'any' ||
      (type === 'strings'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : typeof value === type);
    if (!ok)
      throw new Error(
        `${fn}: opts.${given} must be ${type === 'strings' ? 'an array of strings' : `a ${type}`}`,
      );
    options[key] = value;
  }
  if (options.calledFrom === '')
    throw new Error(
      `${fn}: 'opts.calledFrom' is unset or empty. kf needs it to find the input next to your file: call new(std.thisFile) (see ${docs})`,
    );
  return options as T;
}

/** `relative` next to the calling file, which must exist and be allowed by the path policy. */
export function locateInput(
  fn: string,
  what: string,
  calledFrom: string,
  relative: string,
  context: ExternalRenderContext,
  hint: string,
): string {
  const path = resolve(dirname(calledFrom), relative);
  if (statSync(path, { throwIfNoEntry: false }) === undefined)
    throw new Error(`${fn}: Failed to find a ${what} at '${path}': no such file or directory. ${hint}`);
  const refusal = context.pathPolicy?.(path);
  if (refusal !== undefined) throw new Error(`${fn}: ${what} refused: ${refusal}`);
  return path;
}

export interface ToolRun {
  /** the native, for messages */
  fn: string;
  tool: { binary: string; env: string; install: string };
  args: string[];
  /** standard input */
  input: string;
  /** what the output is, for messages: `Helm Chart <dir>` */
  what: string;
  /** drop documents that hold nothing (Tanka's helm does, its kustomize does not) */
  skipEmpty: boolean;
  nameFormat: string;
}

/**
 * Runs the tool and returns its objects keyed by the name format, once per distinct `key` in
 * `cache` (one render: an engine's life). A failure carries the tool's standard error.
 */
export function renderWithTool(
  cache: Map<string, Record<string, unknown>>,
  key: string,
  run: ToolRun,
): Record<string, unknown> {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const result = spawnSync(run.tool.binary, run.args, {
    input: run.input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new Error(
      `${run.fn}: cannot run ${run.tool.binary}: not found. Install ${run.tool.install} or name it with ${run.tool.env}`,
    );
  // a tool that exits 0 before reading its standard input (EPIPE on our side) has still succeeded
  const failed =
    result.status !== 0 ||
    (result.error !== undefined && (result.error as NodeJS.ErrnoException).code !== 'EPIPE');
  if (failed)
    throw new Error(
      `${run.fn}: Expanding ${run.what}: ${(result.stderr || String(result.error ?? '')).trim()}`,
    );
  // What the tool says on success (a deprecated API, a symbolic link in the chart) reaches the
  // user, as under Tanka, which passes the tool's standard error through.
  const said = result.stderr.trim();
  if (said !== '') process.stderr.write(`${run.fn}: ${run.what}: ${said}\n`);
  const stdout = result.stdout;
  const objects = keyedByName(
    manifestsOf(run.fn, stdout, `the output of ${run.what}`, run.skipEmpty),
    run.nameFormat,
  );
  cache.set(key, objects);
  return objects;
}

/**
 * The objects of a tool's YAML stream, read as go-yaml v3 reads them; with `skipEmpty`, documents
 * holding nothing (comments only, or `{}`) are dropped, as Tanka's helm does.
 */
export function manifestsOf(
  fn: string,
  stdout: string,
  what: string,
  skipEmpty: boolean,
): Record<string, unknown>[] {
  let documents: unknown[];
  try {
    documents = parseYamlV3(stdout);
  } catch (e) {
    throw new Error(`${fn}: Parsing ${what}: ${(e as Error).message}`);
  }
  const objects: Record<string, unknown>[] = [];
  for (const doc of documents) {
    const empty =
      doc === null || (typeof doc === 'object' && !Array.isArray(doc) && Object.keys(doc).length === 0);
    if (empty && skipEmpty) continue;
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
      throw new Error(`${fn}: Parsing ${what}: a document is not a mapping`);
    objects.push(doc as Record<string, unknown>);
  }
  return objects;
}

/** Tanka's ListAsMap: the objects by their name-format key; two objects with one key are an error. */
function keyedByName(objects: Record<string, unknown>[], nameFormat: string): Record<string, unknown> {
  const format = nameFormat === '' ? DEFAULT_NAME_FORMAT : nameFormat;
  const nameOf = compileNameFormat(format);
  const out: Record<string, unknown> = {};
  for (const object of objects) {
    const name = nameOf(object);
    if (Object.hasOwn(out, name))
      throw new Error(
        `Two resources share the same name '${name}'. Please adapt the name template '${format}'.`,
      );
    out[name] = object;
  }
  return out;
}
