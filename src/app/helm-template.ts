// Tanka's helmTemplate native (pkg/helm/jsonnet.go, template.go), which grafana/jsonnet-libs'
// tanka-util calls for `helm.template(name, chart, conf)`: runs `helm template` on a chart vendored
// inside the app, next to the file that called it, and returns the chart's objects keyed by the
// name format. Helm runs without a cluster (client-only, no --validate), so nothing leaves the
// machine; the chart must already hold its dependencies in charts/.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { NativeFunction } from '../jsonnet/index.js';
import { parseYamlV3 } from '../jsonnet/yaml-v3.js';
import { compileNameFormat, DEFAULT_NAME_FORMAT } from './helm-name-format.js';

/** Environment variable naming the helm binary (default: `helm` on PATH). */
export const HELM_PATH_ENV = 'KF_HELM_PATH';

export interface HelmTemplateContext {
  /** Refuses a chart outside the places imports may read (the app and -J directories); undefined allows it. */
  chartPolicy?: (chartDir: string) => string | undefined;
  /** the helm binary (default: $KF_HELM_PATH, else `helm`) */
  helm?: string;
}

/** Tanka's TemplateOpts plus calledFrom and nameFormat, as json.Unmarshal reads them. */
interface TemplateOptions {
  values: unknown;
  apiVersions: string[];
  includeCrds: boolean;
  skipTests: boolean;
  kubeVersion: string;
  namespace: string;
  noHooks: boolean;
  calledFrom: string;
  nameFormat: string;
}

const OPTION_TYPES: Record<keyof TemplateOptions, 'any' | 'string' | 'boolean' | 'strings'> = {
  values: 'any',
  apiVersions: 'strings',
  includeCrds: 'boolean',
  skipTests: 'boolean',
  kubeVersion: 'string',
  namespace: 'string',
  noHooks: 'boolean',
  calledFrom: 'string',
  nameFormat: 'string',
};

/** helmTemplate(name, chart, opts); one cache of rendered charts per context (an engine's life). */
export function helmTemplateNative(context: HelmTemplateContext): NativeFunction {
  const rendered = new Map<string, Record<string, unknown>>();
  return {
    params: ['name', 'chart', 'opts'],
    fn: (name, chart, opts) => {
      if (typeof name !== 'string')
        throw new Error(`helmTemplate: first argument 'name' must be a string, got ${typeOf(name)}`);
      if (typeof chart !== 'string')
        throw new Error(`helmTemplate: second argument 'chart' must be a string, got ${typeOf(chart)}`);
      const options = parseOptions(opts);
      const chartDir = resolve(dirname(options.calledFrom), chart);
      if (statSync(chartDir, { throwIfNoEntry: false }) === undefined)
        throw new Error(
          `helmTemplate: Failed to find a chart at '${chartDir}': no such file or directory. Charts are vendored inside the app and named relative to the file that calls helm.template() (see https://tanka.dev/helm#vendoring-helm-charts)`,
        );
      const refusal = context.chartPolicy?.(chartDir);
      if (refusal !== undefined) throw new Error(`helmTemplate: chart refused: ${refusal}`);
      const key = JSON.stringify([name, chartDir, { ...options, calledFrom: undefined }]);
      let objects = rendered.get(key);
      if (objects === undefined) {
        objects = keyedByName(runHelmTemplate(context, name, chartDir, options), options.nameFormat);
        rendered.set(key, objects);
      }
      return objects;
    },
  };
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** parseOpts: Go's json.Unmarshal matches keys case-insensitively and ignores unknown ones. */
function parseOptions(opts: unknown): TemplateOptions {
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts))
    throw new Error(`helmTemplate: third argument 'opts' must be an object, got ${typeOf(opts)}`);
  const options: TemplateOptions = {
    values: undefined,
    apiVersions: [],
    includeCrds: true, // helm install's default
    skipTests: false,
    kubeVersion: '',
    namespace: '',
    noHooks: false,
    calledFrom: '',
    nameFormat: '',
  };
  const byLowerName = new Map(
    Object.keys(OPTION_TYPES).map((k) => [k.toLowerCase(), k as keyof TemplateOptions]),
  );
  for (const [given, value] of Object.entries(opts)) {
    const key = byLowerName.get(given.toLowerCase());
    if (key === undefined || value === null) continue;
    const type = OPTION_TYPES[key];
    const ok =
      type === 'any' ||
      (type === 'strings'
        ? Array.isArray(value) && value.every((v) => typeof v === 'string')
        : typeof value === type);
    if (!ok)
      throw new Error(
        `helmTemplate: opts.${given} must be ${type === 'strings' ? 'an array of strings' : `a ${type}`}`,
      );
    (options as unknown as Record<string, unknown>)[key] = value;
  }
  if (options.calledFrom === '')
    throw new Error(
      "helmTemplate: 'opts.calledFrom' is unset or empty. kf needs it to find your charts: call helm.new(std.thisFile) (see https://tanka.dev/helm#optscalledfrom-unset)",
    );
  return options;
}

/** `helm template NAME CHART --values - FLAGS`, values as YAML (JSON is YAML) on stdin. */
function runHelmTemplate(
  context: HelmTemplateContext,
  name: string,
  chartDir: string,
  options: TemplateOptions,
): Record<string, unknown>[] {
  const helm = context.helm ?? (process.env[HELM_PATH_ENV] || 'helm');
  const args = ['template', name, chartDir, '--values', '-'];
  for (const v of options.apiVersions) args.push(`--api-versions=${v}`);
  if (options.includeCrds) args.push('--include-crds');
  if (options.skipTests) args.push('--skip-tests');
  if (options.kubeVersion !== '') args.push(`--kube-version=${options.kubeVersion}`);
  if (options.noHooks) args.push('--no-hooks');
  if (options.namespace !== '') args.push(`--namespace=${options.namespace}`);
  let stdout: string;
  try {
    stdout = execFileSync(helm, args, {
      input: JSON.stringify(options.values ?? {}),
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT')
      throw new Error(
        `helmTemplate: cannot run ${helm}: not found. Install helm (v3 or v4) or name it with ${HELM_PATH_ENV}`,
      );
    throw new Error(`helmTemplate: Expanding Helm Chart ${chartDir}: ${(err.stderr ?? err.message).trim()}`);
  }
  const objects: Record<string, unknown>[] = [];
  let documents: unknown[];
  try {
    documents = parseYamlV3(stdout);
  } catch (e) {
    throw new Error(`helmTemplate: Parsing Helm output of ${chartDir}: ${(e as Error).message}`);
  }
  for (const doc of documents) {
    // documents holding only comments (or an empty mapping) are skipped, as Tanka does
    if (doc === null || (typeof doc === 'object' && !Array.isArray(doc) && Object.keys(doc).length === 0))
      continue;
    if (typeof doc !== 'object' || Array.isArray(doc))
      throw new Error(`helmTemplate: Parsing Helm output of ${chartDir}: a document is not a mapping`);
    objects.push(doc as Record<string, unknown>);
  }
  return objects;
}

/** ListAsMap: the objects by their name-format key; two objects with one key are an error. */
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
