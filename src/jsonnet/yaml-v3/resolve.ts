// gopkg.in/yaml.v3's resolve.go: what a plain scalar means (null, bool, int, float, timestamp,
// merge key or string) in yaml.v3 v3.0.1's YAML-1.2-like table, where `yes` and `on` are strings,
// `0777` and `0o17` octal, `1_000` a thousand and `1:20` a string. The emitter asks it whether a
// string can be written plain; the decoder asks it for the value, as Go types it: ints that only
// ParseUint reads stay uint64, timestamps are time.Time (here: as json.Marshal writes one).
import { resolveHint } from '../libyaml-chars.js';

export const NULL = '!!null';
export const BOOL = '!!bool';
export const STR = '!!str';
export const INT = '!!int';
export const FLOAT = '!!float';
export const TIMESTAMP = '!!timestamp';
export const MERGE = '!!merge';
export const BINARY = '!!binary';

/** A time.Time as json.Marshal writes it (RFC 3339 with nanoseconds), or why it refuses to. */
export class GoTime {
  constructor(
    readonly text: string,
    readonly marshalError?: string,
  ) {}
}

/** `uint64`: an int only ParseUint read, which resolve does not turn into a !!float. */
export type Resolved = { tag: string; value: unknown; uint64?: boolean };

const RESOLVE_MAP = new Map<string, Resolved>([
  ...['true', 'True', 'TRUE'].map((s) => [s, { tag: BOOL, value: true }] as const),
  ...['false', 'False', 'FALSE'].map((s) => [s, { tag: BOOL, value: false }] as const),
  ...['', '~', 'null', 'Null', 'NULL'].map((s) => [s, { tag: NULL, value: null }] as const),
  ...['.nan', '.NaN', '.NAN'].map((s) => [s, { tag: FLOAT, value: NaN }] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(
    (s) => [s, { tag: FLOAT, value: Infinity }] as const,
  ),
  ...['-.inf', '-.Inf', '-.INF'].map((s) => [s, { tag: FLOAT, value: -Infinity }] as const),
  ['<<', { tag: MERGE, value: '<<' }],
]);

export const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64), or with `unsigned` ParseUint(s, 0, 64), for text without underscores. */
export function parseGoInt(s: string, unsigned: boolean): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (m === null || (unsigned && m[1] !== '')) return undefined;
  const digits = m[2] as string;
  const literal = /^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits.toLowerCase();
  const value = m[1] === '-' ? -BigInt(literal) : BigInt(literal);
  const [min, max] = unsigned ? [0n, UINT64_MAX] : [INT64_MIN, -INT64_MIN - 1n];
  return value >= min && value <= max ? value : undefined;
}

// strconv.ParseFloat's decimal syntax for text starting with '.': underscores only between digits.
export const DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;

/** resolve(tag, in) for a resolvable tag ("" = plain scalar); undefined where Go fails. */
export function resolve(tag: string, s: string): Resolved | undefined {
  const hint = resolveHint(s);
  let found: Resolved = { tag: STR, value: s };
  if (hint !== undefined && tag !== STR) {
    const known = RESOLVE_MAP.get(s);
    if (known !== undefined) found = known;
    else if (hint === '.') {
      if (DOT_FLOAT.test(s)) found = finiteFloat(s.replaceAll('_', '')) ?? found;
    } else if (hint === 'D' || hint === 'S') found = resolveNumber(tag, s) ?? found;
  }
  // the deferred check: a tag the text does not resolve to is an error, except !!float for an int
  if (tag === '' || tag === found.tag || tag === STR) return found;
  if (tag === FLOAT && found.tag === INT && !found.uint64) return { tag: FLOAT, value: found.value };
  return undefined;
}

function finiteFloat(s: string): Resolved | undefined {
  const value = Number(s);
  return Number.isFinite(value) ? { tag: FLOAT, value } : undefined; // ParseFloat: ErrRange
}

function resolveNumber(tag: string, s: string): Resolved | undefined {
  if (tag === '' || tag === TIMESTAMP) {
    const time = parseTimestamp(s);
    if (time !== undefined) return { tag: TIMESTAMP, value: time };
  }
  const plain = s.replaceAll('_', '');
  const int = parseGoInt(plain, false);
  if (int !== undefined) return { tag: INT, value: Number(int) };
  const uint = parseGoInt(plain, true);
  if (uint !== undefined) return { tag: INT, value: Number(uint), uint64: true };
  return YAML_STYLE_FLOAT.test(plain) ? finiteFloat(plain) : undefined;
  // (resolve's own 0b / 0o branches accept nothing ParseInt with base 0 has not already)
}

// parseTimestamp: time.Parse with the layouts of allowedTimestampFormats, in order:
// "2006-1-2T15:4:5.999999999Z07:00", the same with "t", "2006-1-2 15:4:5.999999999", "2006-1-2".
const TIMESTAMP_LAYOUTS = [
  /^(\d{4})-(\d\d?)-(\d\d?)T(\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?(Z|[-+]\d\d:\d\d)$/,
  /^(\d{4})-(\d\d?)-(\d\d?)t(\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?(Z|[-+]\d\d:\d\d)$/,
  /^(\d{4})-(\d\d?)-(\d\d?) (\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?()$/,
  /^(\d{4})-(\d\d?)-(\d\d?)()()()()()$/,
];

export function parseTimestamp(s: string): GoTime | undefined {
  if (!/^\d{4}-/.test(s)) return undefined;
  for (const layout of TIMESTAMP_LAYOUTS) {
    const m = layout.exec(s);
    if (m === null) continue;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as number[];
    const [fraction, zone] = [m[7] ?? '', m[8] ?? ''];
    if (month! < 1 || month! > 12 || hour! > 23 || minute! > 59 || second! > 59) continue;
    if (day! < 1 || day! > daysIn(month!, year!)) continue;
    let offset = 0; // minutes east of UTC
    if (zone.length === 6) {
      const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
      if (hh > 24 || mm > 60) continue;
      offset = (zone[0] === '-' ? -1 : 1) * (hh * 60 + mm);
    }
    return goTime(year!, month!, day!, hour!, minute!, second!, fraction.slice(0, 9), offset);
  }
  return undefined;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** time.Time's MarshalJSON: RFC3339Nano, refusing zone offsets of 24 hours. */
function goTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string,
  offset: number,
) {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const nanos = frac.padEnd(9, '0').replace(/0+$/, '');
  let zone = 'Z';
  if (offset !== 0) {
    const abs = Math.abs(offset);
    zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${nanos && '.' + nanos}${zone}`;
  const bad =
    Math.abs(offset) >= 24 * 60 ? 'Time.MarshalJSON: timezone hour outside of range [0,23]' : undefined;
  return new GoTime(text, bad);
}

const RESOLVABLE = new Set(['', STR, BOOL, INT, FLOAT, NULL, TIMESTAMP]);

/** resolvableTag: the tags resolve reads (any other keeps the text as it is). */
export const resolvableTag = (tag: string) => RESOLVABLE.has(tag);

/** shortTag: tag:yaml.org,2002:x is !!x. */
export const shortTag = (tag: string) =>
  tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
