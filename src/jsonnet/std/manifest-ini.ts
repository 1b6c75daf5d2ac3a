// std.manifestIni, over the value itself, in go-jsonnet's order: go-jsonnet writes it in Jsonnet,
// reading `main`'s and each section's fields (std.objectFields, std.isArray of each value) before
// it formats any line (a `%s` per value, or per element of an array value), so an error has its
// `<std>` frames (positions in go-jsonnet v0.22's std.jsonnet, as in std-frames.ts), built only then.
import { getField, visibleFields } from '../evaluator.js';
import { manifestSingleLine } from '../manifest.js';
import { forced } from '../std-checks.js';
import {
  formatFrames,
  framed,
  MOD_FORMAT,
  OBJECT_FIELDS,
  OBJECT_HAS,
  stdError,
  type StdFrame,
} from '../std-frames.js';
import { force, JArray, JObject, typeOf, type Slot, type Value } from '../values.js';
import { def, type Builtin } from './args.js';

const ANON = 'function <anonymous>';
const BODY_LINES = 'function <body_lines>';
const MAIN_BODY = 'thunk <main_body> from <function <anonymous>>';
const ALL_SECTIONS = 'thunk <all_sections> from <function <anonymous>>';

/** The final `std.join('\n', main_body + std.flattenArrays(all_sections) + [''])`. */
const JOIN: StdFrame = [927, 5, 71, ANON];
/** What reads `main_body`, then what reads a section's lines (std.flattenArrays' foldl). */
const MAIN: readonly StdFrame[] = [
  [922, 58, 78, MAIN_BODY],
  [927, 20, 29, 'thunk from <function <anonymous>>'],
  JOIN,
];
const SECTION: readonly StdFrame[] = [
  [921, 62, 79, 'function <section_lines>'],
  [924, 7, 40, `thunk from <${ALL_SECTIONS}>`],
  [901, 34, 35, ANON],
  [901, 5, 46, ANON],
  [927, 32, 63, 'thunk from <function <anonymous>>'],
  JOIN,
];
/** `all_sections`, read by std.flattenArrays. */
const SECTIONS: readonly StdFrame[] = [
  [925, 16, 46, ALL_SECTIONS],
  [923, 26, 926, 6, ''],
  [927, 50, 62, 'thunk from <thunk from <function <anonymous>>>'],
  [901, 37, 41, 'thunk from <function <anonymous>>'],
  [901, 5, 46, ANON],
  [927, 32, 63, 'thunk from <function <anonymous>>'],
  JOIN,
];
/** body_lines' `std.objectFields(body)`. */
const BODY: readonly StdFrame[] = [
  [918, 18, 40, 'thunk from <function <body_lines>>'],
  [911, 20, 919, 8, ''],
  [911, 7, 919, 9, BODY_LINES],
];
const FIELDS_ARG = OBJECT_FIELDS.params[0] ?? [];
const HAS_ARG = OBJECT_HAS.params[0] ?? [];
/** A `'%s = %s' % [k, value]` line whose value fails, read by the final std.join. */
const FORCED = [...formatFrames({ step: 'forced', type: 's', left: false }, 'array'), ...MOD_FORMAT];
const PRINTED = [...formatFrames({ step: 'printed', type: 's', left: false }, 'array'), ...MOD_FORMAT];

const FRAMES = {
  ini: [[922, 40, 43, `thunk from <${MAIN_BODY}>`], ...HAS_ARG, [922, 26, 52, MAIN_BODY], ...MAIN.slice(1)],
  iniType: [...OBJECT_HAS.call, [922, 26, 52, MAIN_BODY], ...MAIN.slice(1)],
  /** `ini.main`, `ini.sections[k]`: then body_lines' `body` in std.objectFields(body). */
  main: [[922, 69, 77, `thunk from <${MAIN_BODY}>`]],
  section: [
    [924, 24, 39, `thunk from <thunk from <${ALL_SECTIONS}>>`],
    [921, 73, 78, 'thunk from <function <section_lines>>'],
  ],
  body: [[918, 35, 39, 'thunk from <thunk from <function <body_lines>>>'], ...FIELDS_ARG, ...BODY],
  bodyType: [...OBJECT_FIELDS.call, ...BODY],
  sections: [[925, 33, 45, `thunk from <${ALL_SECTIONS}>`], ...FIELDS_ARG, ...SECTIONS],
  sectionsType: [...OBJECT_FIELDS.call, ...SECTIONS],
  /** `local value_or_values = body[k]`, read by `std.isArray(value_or_values)`. */
  value: [
    [912, 33, 40, 'thunk <value_or_values> from <thunk from <thunk from <function <body_lines>>>>'],
    [913, 24, 39, 'thunk from <thunk from <thunk from <function <body_lines>>>>'],
    [34, 25, 26, 'thunk from <function <anonymous>>'],
    [34, 16, 27, ANON],
    [913, 12, 40, 'thunk from <thunk from <function <body_lines>>>'],
    [911, 7, 919, 9, BODY_LINES],
  ],
  /** A line of one value, of an element of an array value (`value` read by its `%s`). */
  line: [...PRINTED, [916, 12, 44, ''], JOIN],
  elementLine: [...PRINTED, [914, 12, 34, ''], JOIN],
  element: [
    [914, 28, 33, 'thunk from <thunk from <thunk from <thunk from <function <body_lines>>>>>'],
    ...FORCED,
    [914, 12, 34, ''],
    JOIN,
  ],
} as const satisfies Record<string, readonly StdFrame[]>;

/** A line to write: `key = value`, its value read already or an element still to read. */
interface Line {
  key: string;
  value: Slot;
  element: boolean;
}

/** body_lines(body): its fields' values read (an array's elements not yet). */
function bodyLines(
  readBody: () => Value,
  bodyFrames: readonly StdFrame[],
  outer: readonly StdFrame[],
): Line[] {
  const body = framed(readBody, [...bodyFrames, ...FRAMES.body, ...outer]);
  if (!(body instanceof JObject))
    throw stdError(`Unexpected type ${typeOf(body)}, expected object`, [...FRAMES.bodyType, ...outer]);
  const lines: Line[] = [];
  for (const key of visibleFields(body)) {
    const v = framed(() => getField(body, key, undefined), [...FRAMES.value, ...outer]);
    if (v instanceof JArray)
      for (let i = 0; i < v.length; i++) lines.push({ key, value: v.slot(i), element: true });
    else lines.push({ key, value: v, element: false });
  }
  return lines;
}

function printed(v: Value): string {
  return typeof v === 'string' ? v : manifestSingleLine(v);
}

function write(line: Line): string {
  if (!line.element) return `${line.key} = ${framed(() => printed(line.value as Value), FRAMES.line)}`;
  const value = framed(() => force(line.value), FRAMES.element);
  return `${line.key} = ${framed(() => printed(value), FRAMES.elementLine)}`;
}

export const iniManifestBuiltins: Builtin[] = [
  def('manifestIni', ['ini'], (a) => {
    const ini = forced(a, 0, FRAMES.ini);
    if (!(ini instanceof JObject))
      throw stdError(`Unexpected type ${typeOf(ini)}, expected object`, FRAMES.iniType);
    const main =
      ini.fieldVisible('main') === true
        ? bodyLines(() => getField(ini, 'main', undefined), FRAMES.main, MAIN)
        : [];
    const sections = framed(() => getField(ini, 'sections', undefined), FRAMES.sections);
    if (!(sections instanceof JObject))
      throw stdError(`Unexpected type ${typeOf(sections)}, expected object`, FRAMES.sectionsType);
    const bodies = visibleFields(sections).map((name) => ({
      name,
      lines: bodyLines(() => getField(sections, name, undefined), FRAMES.section, SECTION),
    }));
    const out = main.map(write);
    for (const { name, lines } of bodies) out.push(`[${name}]`, ...lines.map(write));
    out.push('');
    return out.join('\n');
  }),
];
