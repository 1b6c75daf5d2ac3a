// Comparing a desired object with a live one: strip what the server manages (managedFields,
// resourceVersion, uid, generation, timestamps, status), mask Secret values, and produce a
// unified diff with the `diff` package of the objects' YAML, in the style kubectl diff shows
// (gopkg.in/yaml.v2's). Pure: callers fetch the objects.
import { unifiedDiff } from '../util/unified-diff.js';
import { isObjectRecord, type KubeObject } from '../kube-object.js';
import { toYamlV2 } from '../jsonnet/goyaml-v2/writer.js';

const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];
const SERVER_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

/** A copy of `object` without server-managed fields and with keys sorted (Secrets unmasked). */
export function stripServerFields(object: KubeObject): KubeObject {
  const copy = structuredClone(object) as KubeObject;
  delete copy.status;
  const metadata = copy.metadata ?? {};
  for (const key of SERVER_METADATA) delete metadata[key];
  if (metadata.annotations) {
    for (const key of SERVER_ANNOTATIONS) delete metadata.annotations[key];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  if (isSecret(copy)) foldStringData(copy);
  return sortKeys(copy) as KubeObject;
}

function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1';
}

/** The API server folds stringData into data; do the same so rendered and live Secrets compare. */
function foldStringData(secret: KubeObject): void {
  if (!isObjectRecord(secret.stringData)) return;
  const data: Record<string, unknown> = isObjectRecord(secret.data) ? { ...secret.data } : {};
  for (const [key, value] of Object.entries(secret.stringData))
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  delete secret.stringData;
  secret.data = data;
}

/**
 * Masks Secret values as kubectl diff does: `***` where both sides agree, `*** (before)` and
 * `*** (after)` where a value changed, so the diff shows that a key changed and never its value.
 */
function maskSecretPair(before: KubeObject | undefined, after: KubeObject | undefined): void {
  const data = (o: KubeObject | undefined): Record<string, unknown> =>
    o && isObjectRecord(o.data) ? o.data : {};
  const a = data(before);
  const b = data(after);
  const maskedA: Record<string, string> = {};
  const maskedB: Record<string, string> = {};
  for (const key of Object.keys(a)) maskedA[key] = key in b && a[key] !== b[key] ? '*** (before)' : '***';
  for (const key of Object.keys(b)) maskedB[key] = key in a && a[key] !== b[key] ? '*** (after)' : '***';
  if (before && isObjectRecord(before.data)) before.data = maskedA;
  if (after && isObjectRecord(after.data)) after.data = maskedB;
}

/**
 * Keys in code-unit order: yaml.v2 sorts them again in its own order, but where that order has a
 * cycle (`a2`, `a10`, `a1B`) its result depends on the order it is given, which must not differ
 * between a live object and the same one rendered.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObjectRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}

function yamlOf(object: KubeObject | undefined): string {
  return object === undefined ? '' : toYamlV2(object);
}

/** The two sides of a comparison, stripped and (for Secrets) masked, as YAML text. */
export function diffSides(before: KubeObject | undefined, after: KubeObject | undefined): [string, string] {
  const a = before && stripServerFields(before);
  const b = after && stripServerFields(after);
  if ((a && isSecret(a)) || (b && isSecret(b))) maskSecretPair(a, b);
  return [yamlOf(a), yamlOf(b)];
}

export function sameObject(before: KubeObject, after: KubeObject): boolean {
  const [a, b] = diffSides(before, after);
  return a === b;
}

/** Unified diff of two objects (either may be absent), or '' when they are equal. */
export function unifiedObjectDiff(
  label: string,
  before: KubeObject | undefined,
  after: KubeObject | undefined,
  names = ['live', 'merged'],
): string {
  const [a, b] = diffSides(before, after);
  if (a === b) return '';
  return unifiedDiff(`${names[0]}/${label}`, `${names[1]}/${label}`, a, b)
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .join('\n');
}

/** Colors a unified diff for a terminal: additions green, removals red, hunks cyan. */
export function colorizeDiff(
  text: string,
  colors: {
    green: (s: string) => string;
    red: (s: string) => string;
    cyan: (s: string) => string;
    bold: (s: string) => string;
  },
): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return colors.bold(line);
      if (line.startsWith('@@')) return colors.cyan(line);
      if (line.startsWith('+')) return colors.green(line);
      if (line.startsWith('-')) return colors.red(line);
      return line;
    })
    .join('\n');
}
