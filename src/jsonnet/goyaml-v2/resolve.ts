// goyaml.v2's resolve.go (Apache-2.0, Copyright 2011-2016 Canonical Ltd): what a scalar means in
// yaml.v2's YAML 1.1 table, for std.parseYaml (../goyaml-v2.ts). Unlike yaml.v3's
// (../yaml-v3/resolve.ts): `y`, `yes`, `on` (and `n`, `no`, `off`) are booleans, and after Go's
// ParseInt, ParseUint and ParseFloat fail, `0b` may be followed by a sign (`0b-101` is -5). A
// timestamp is recognised (it checks a `!!timestamp` tag) but decodes as its text. Values are as Go
// types them: `int` for what ParseInt reads, `uint64` for what only ParseUint reads (which, as a
// mapping key, sigs.k8s.io/yaml cannot turn into JSON), float64 otherwise. Tags are long, as the
// parser gives them ("tag:yaml.org,2002:int").
import { resolveHint } from '../libyaml-chars.js';
import { DOT_FLOAT, parseGoInt, parseTimestamp, YAML_STYLE_FLOAT } from '../yaml-v3/resolve.js';

const LONG_TAG_PREFIX = 'tag:yaml.org,2002:';
const NULL = `${LONG_TAG_PREFIX}null`;
const BOOL = `${LONG_TAG_PREFIX}bool`;
export const STR = `${LONG_TAG_PREFIX}str`;
const INT = `${LONG_TAG_PREFIX}int`;
const FLOAT = `${LONG_TAG_PREFIX}float`;
const TIMESTAMP = `${LONG_TAG_PREFIX}timestamp`;
export const MERGE = `${LONG_TAG_PREFIX}merge`;
export const BINARY = `${LONG_TAG_PREFIX}binary`;

/** A resolved scalar: `int` holds a Go int's exact value, `uint64` marks a Go uint64. */
export interface Resolved {
  tag: string;
  value: null | boolean | number | string;
  int?: bigint;
  uint64?: boolean;
}

const RESOLVE_MAP = new Map<string, Resolved>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map(
    (s) => [s, { tag: BOOL, value: true }] as const,
  ),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(
    (s) => [s, { tag: BOOL, value: false }] as const,
  ),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, { tag: NULL, value: null }] as const),
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, { tag: FLOAT, value: NaN }] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(
    (s) => [s, { tag: FLOAT, value: Infinity }] as const,
  ),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, { tag: FLOAT, value: -Infinity }] as const),
  ['<<', { tag: MERGE, value: '<<' }],
]);

const RESOLVABLE = new Set(['', STR, BOOL, INT, FLOAT, NULL, TIMESTAMP]);

/**
 * resolve(tag, in): the value of a scalar with this (long) tag, "" for an implicit one. A tag
 * resolve does not read keeps the text; throws ResolveError where Go's deferred check fails.
 */
export function resolve(tag: string, s: string): Resolved {
  if (!RESOLVABLE.has(tag)) return { tag, value: s };
  const found = resolveText(tag, s);
  if (tag === '' || tag === found.tag || tag === STR) return found;
  if (tag === FLOAT && found.tag === INT && !found.uint64) return { tag: FLOAT, value: found.value };
  throw new ResolveError(`cannot decode ${shortTag(found.tag)} \`${s}\` as a ${shortTag(tag)}`);
}

export class ResolveError extends Error {}

function resolveText(tag: string, s: string): Resolved {
  const hint = resolveHint(s);
  if (hint === undefined || tag === STR) return { tag: STR, value: s };
  const known = RESOLVE_MAP.get(s);
  if (known !== undefined) return known;
  if (hint === '.') {
    // strconv.ParseFloat(in, 64), where out of range is an error
    const value = DOT_FLOAT.test(s) ? Number(s.replaceAll('_', '')) : NaN;
    if (Number.isFinite(value)) return { tag: FLOAT, value };
  } else if (hint === 'D' || hint === 'S') {
    if ((tag === '' || tag === TIMESTAMP) && parseTimestamp(s) !== undefined)
      return { tag: TIMESTAMP, value: s };
    const plain = s.replaceAll('_', '');
    const number =
      goInt(parseGoInt(plain, false), false) ??
      goInt(parseGoInt(plain, true), true) ??
      goFloat(plain) ??
      (plain.startsWith('0b')
        ? (goInt(parseBase2(plain.slice(2), false), false) ?? goInt(parseBase2(plain.slice(2), true), true))
        : plain.startsWith('-0b')
          ? goInt(parseBase2(`-${plain.slice(3)}`, false), false)
          : undefined);
    if (number !== undefined) return number;
  }
  return { tag: STR, value: s };
}

function goInt(int: bigint | undefined, uint64: boolean): Resolved | undefined {
  if (int === undefined) return undefined;
  return uint64 ? { tag: INT, value: Number(int), int, uint64 } : { tag: INT, value: Number(int), int };
}

/** The yamlStyleFloat check, then ParseFloat (out of range is an error). */
function goFloat(plain: string): Resolved | undefined {
  if (!YAML_STYLE_FLOAT.test(plain)) return undefined;
  const value = Number(plain);
  return Number.isFinite(value) ? { tag: FLOAT, value } : undefined;
}

/** strconv.ParseInt(s, 2, 64), or with `unsigned` ParseUint(s, 2, 64). */
function parseBase2(s: string, unsigned: boolean): bigint | undefined {
  const m = /^([-+]?)([01]+)$/.exec(s);
  if (m === null || (unsigned && m[1] !== '')) return undefined;
  const magnitude = BigInt(`0b${m[2] as string}`);
  const value = m[1] === '-' ? -magnitude : magnitude;
  const [min, max] = unsigned ? [0n, 2n ** 64n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
  return value >= min && value <= max ? value : undefined;
}

/** shortTag: tag:yaml.org,2002:x is !!x. */
const shortTag = (tag: string) =>
  tag.startsWith(LONG_TAG_PREFIX) ? `!!${tag.slice(LONG_TAG_PREFIX.length)}` : tag;
