// Finds and loads the bundled Kubernetes schemas (one gzipped JSON file per minor version,
// made by generate-kubernetes-schemas.ts from the API server's official OpenAPI v3 documents).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export type JsonSchema = { [key: string]: unknown };

export interface SchemaBundle {
  /** full version the schemas were taken from, e.g. "1.37.2" */
  kubernetesVersion: string;
  /** where the OpenAPI documents came from */
  source: string;
  /** "apps/v1/Deployment" → definition name and scope */
  kinds: Record<string, { definition: string; namespaced: boolean }>;
  /** OpenAPI component schemas, `$ref`s pointing at `#/definitions/<name>` */
  definitions: Record<string, JsonSchema>;
}

// The .json.gz files are not compiled by tsc, so from dist/ they are read out of src/ (from
// dist/render/schemas/, or from the bundles in dist/fast/).
const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA_DIRS = [
  here,
  join(here, '..', '..', '..', 'src', 'render', 'schemas'),
  join(here, '..', '..', 'src', 'render', 'schemas'),
];

function schemaDir(): string {
  const found = SCHEMA_DIRS.find(
    (dir) => existsSync(dir) && readdirSync(dir).some((f) => /^kubernetes-\d+\.\d+\.json\.gz$/.test(f)),
  );
  return found ?? SCHEMA_DIRS[0];
}

export function schemaBundleFile(minor: string): string {
  return join(schemaDir(), `kubernetes-${minor}.json.gz`);
}

/** Minor versions ("1.34", ...) with a bundled schema file, oldest first. */
export function bundledVersions(): string[] {
  const dir = schemaDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^kubernetes-(\d+\.\d+)\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort(compareVersions);
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newest bundled version: used when an environment names no k8sVersion. */
export function defaultKubernetesVersion(): string {
  const versions = bundledVersions();
  return versions[versions.length - 1] ?? '';
}

/** Accepts "1.36", "v1.36", "1.36.2"; returns the minor ("1.36") or undefined when malformed. */
export function minorOf(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? `${m[1]}.${m[2]}` : undefined;
}

const cache = new Map<string, SchemaBundle>();
const digests = new WeakMap<SchemaBundle, string>();

/** SHA-256 of the bundle's file: what validators compiled from it are cached under. */
export function schemaBundleDigest(bundle: SchemaBundle): string | undefined {
  return digests.get(bundle);
}

/** Loads the bundle for a minor version; undefined when that version is not bundled. */
export function loadSchemaBundle(minor: string): SchemaBundle | undefined {
  const cached = cache.get(minor);
  if (cached) return cached;
  const file = schemaBundleFile(minor);
  if (!existsSync(file)) return undefined;
  const gz = readFileSync(file);
  const bundle = JSON.parse(gunzipSync(gz).toString('utf8')) as SchemaBundle;
  digests.set(bundle, createHash('sha256').update(gz).digest('hex'));
  cache.set(minor, bundle);
  return bundle;
}
