// std: INI, Python, XML (JsonML) and TOML manifestation, written over plain data.
// (The pure helpers for these were not available yet; see the engine report.)
import { manifestSingleLine } from '../manifest.js';
import { toPlain } from '../manifest.js';
import { rtError } from '../runtime.js';
import { escapeStringJson, formatPath } from '../std-pure/json.js';
import { formatNumber } from '../std-pure/number-format.js';
import type { PlainObject, PlainValue } from '../std-pure/plain-value.js';
import { compareStrings } from '../values.js';
import { def, str, val, type Args, type Builtin } from './args.js';
import { fromPlain } from './plain.js';

function keys(o: PlainObject): string[] {
  return Object.keys(o).sort(compareStrings);
}

function isObj(v: PlainValue): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: PlainValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'function') return 'function';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** `'%s' % v`: strings raw, everything else in single-line form. */
function fmtS(v: PlainValue): string {
  if (typeof v === 'string') return v;
  return manifestSingleLine(fromPlain(v));
}

function plain(a: Args, i: number): PlainValue {
  return toPlain(val(a[i]));
}

function iniBody(body: PlainValue): string[] {
  if (!isObj(body)) throw rtError(`Unexpected type ${typeName(body)}, expected object`);
  const out: string[] = [];
  for (const k of keys(body)) {
    const v = body[k];
    if (Array.isArray(v)) for (const x of v) out.push(`${k} = ${fmtS(x)}`);
    else out.push(`${k} = ${fmtS(v)}`);
  }
  return out;
}

function manifestIni(ini: PlainValue): string {
  if (!isObj(ini)) throw rtError(`Unexpected type ${typeName(ini)}, expected object`);
  const lines = 'main' in ini ? iniBody(ini.main) : [];
  const sections = ini.sections;
  if (sections !== undefined) {
    if (!isObj(sections)) throw rtError(`Unexpected type ${typeName(sections)}, expected object`);
    for (const k of keys(sections)) lines.push(`[${k}]`, ...iniBody(sections[k]));
  }
  lines.push('');
  return lines.join('\n');
}

function manifestPython(v: PlainValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return escapeStringJson(v);
  if (typeof v === 'function') throw rtError('cannot manifest function');
  if (Array.isArray(v)) return '[' + v.map(manifestPython).join(', ') + ']';
  return (
    '{' +
    keys(v)
      .map((k) => `${escapeStringJson(k)}: ${manifestPython(v[k])}`)
      .join(', ') +
    '}'
  );
}

function manifestPythonVars(conf: PlainValue): string {
  if (!isObj(conf)) throw rtError(`Unexpected type ${typeName(conf)}, expected object`);
  return [...keys(conf).map((k) => `${k} = ${manifestPython(conf[k])}`), ''].join('\n');
}

function manifestXmlJsonml(value: PlainValue): string {
  if (!Array.isArray(value)) throw rtError(`Expected a JSONML value (an array), got ${typeName(value)}`);
  const aux = (v: PlainValue): string => {
    if (typeof v === 'string') return v;
    if (!Array.isArray(v)) throw rtError(`Expected a JSONML value (an array), got ${typeName(v)}`);
    const tag = fmtS(v[0]);
    const hasAttrs = v.length > 1 && isObj(v[1]);
    const attrs = hasAttrs ? (v[1] as PlainObject) : {};
    const children = v.slice(hasAttrs ? 2 : 1);
    const attrStr = keys(attrs)
      .map((k) => ` ${k}="${fmtS(attrs[k])}"`)
      .join('');
    return `<${tag}${attrStr}>${children.map(aux).join('')}</${tag}>`;
  };
  return aux(value);
}

const TOML_BARE = /^[A-Za-z0-9_-]+$/;

function tomlKey(k: string): string {
  return TOML_BARE.test(k) ? k : escapeStringJson(k);
}

function isTableArray(v: PlainValue): boolean {
  return Array.isArray(v) && v.length > 0 && v.every(isObj);
}

function isSection(v: PlainValue): boolean {
  return isObj(v) || isTableArray(v);
}

function manifestTomlEx(value: PlainValue, indent: string): string {
  const renderValue = (
    v: PlainValue,
    path: (string | number)[],
    inline: boolean,
    cindent: string,
  ): string => {
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (v === null) throw rtError(`Tried to manifest "null" at ${formatPath(path)}`);
    if (typeof v === 'number') return formatNumber(v);
    if (typeof v === 'string') return escapeStringJson(v);
    if (typeof v === 'function') throw rtError(`Tried to manifest function at ${formatPath(path)}`);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const newIndent = inline ? '' : cindent + indent;
      const sep = inline ? ' ' : '\n';
      const items = v.map((x, i) => newIndent + renderValue(x, [...path, i], true, ''));
      return '[' + sep + items.join(',' + sep) + sep + (inline ? '' : cindent) + ']';
    }
    const ks = keys(v);
    return (
      '{ ' + ks.map((k) => tomlKey(k) + ' = ' + renderValue(v[k], [...path, k], true, '')).join(', ') + ' }'
    );
  };
  const renderTableInternal = (
    v: PlainObject,
    path: string[],
    ipath: (string | number)[],
    cindent: string,
  ): string => {
    const ks = keys(v);
    const kvp = ks
      .filter((k) => !isSection(v[k]))
      .map((k) => cindent + tomlKey(k) + ' = ' + renderValue(v[k], [...ipath, k], false, cindent));
    const sections = [kvp.join('\n')];
    for (const k of ks) {
      if (!isSection(v[k])) continue;
      const child = v[k];
      if (isObj(child)) sections.push(renderTable(child, [...path, k], [...ipath, k], cindent));
      else sections.push(renderTableArray(child as PlainObject[], [...path, k], [...ipath, k], cindent));
    }
    return sections.join('\n\n');
  };
  const renderTable = (v: PlainObject, path: string[], ipath: (string | number)[], cindent: string): string =>
    cindent +
    '[' +
    path.map(tomlKey).join('.') +
    ']' +
    (Object.keys(v).length === 0 ? '' : '\n') +
    renderTableInternal(v, path, ipath, cindent + indent);
  const renderTableArray = (
    v: PlainObject[],
    path: string[],
    ipath: (string | number)[],
    cindent: string,
  ): string =>
    v
      .map(
        (t, i) =>
          cindent +
          '[[' +
          path.map(tomlKey).join('.') +
          ']]' +
          (Object.keys(t).length === 0 ? '' : '\n') +
          renderTableInternal(t, path, [...ipath, i], cindent + indent),
      )
      .join('\n\n');
  if (!isObj(value)) throw rtError(`TOML body must be an object. Got ${typeName(value)}`);
  return renderTableInternal(value, [], [], '');
}

export const otherManifestBuiltins: Builtin[] = [
  def('manifestIni', ['ini'], (a) => manifestIni(plain(a, 0))),
  def('manifestPython', ['v'], (a) => manifestPython(plain(a, 0))),
  def('manifestPythonVars', ['conf'], (a) => manifestPythonVars(plain(a, 0))),
  def('manifestXmlJsonml', ['value'], (a) => manifestXmlJsonml(plain(a, 0))),
  def('manifestTomlEx', ['value', 'indent'], (a) => manifestTomlEx(plain(a, 0), str(a, 1, 'manifestTomlEx'))),
  def('manifestToml', ['value'], (a) => manifestTomlEx(plain(a, 0), '  ')),
];
