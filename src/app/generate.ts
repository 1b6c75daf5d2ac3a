// `kf generate <prototype> <component> [--<param>=value ...]`: turns command-line text into typed
// parameter values (every prototype parameter is a flag), then writes the component file and its
// entry in components/params.libsonnet. Everything is checked before anything is written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, didYouMean } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { COMPONENTS_DIR, componentParamsFile, type App } from './app.js';
import { type JsonValue } from './jsonnet-literal.js';
import { putComponentEntry, parseParamsSource } from './params-file.js';
import { decodeText, encodeText, inFileView, readTextFile } from '../util/text-file.js';
import { checkParamValue, coerceParam, componentSource, type Prototype } from './prototype.js';

export interface GenerateArgv {
  positionals: string[];
  /** `--<param>=value` / `--<param> value` flags not known to the command itself */
  paramFlags: Array<{ flag: string; name: string; value: string | undefined }>;
  valuesFile?: string;
  dryRun: boolean;
}

const OWN_BOOLEAN_FLAGS = new Set(['debug', 'dry-run']);

/** Splits raw argv: positionals, the command's own flags, and one flag per prototype parameter. */
export function splitGenerateArgv(argv: string[]): GenerateArgv {
  const result: GenerateArgv = { positionals: [], paramFlags: [], dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      result.positionals.push(arg);
      continue;
    }
    const m = /^--([A-Za-z0-9_][A-Za-z0-9_.-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      throw new UserError(`malformed flag '${arg}'`, {
        hint: 'parameters are given as --<param>=<value>',
        exitCode: 2,
      });
    }
    const [, name, inline] = m;
    if (OWN_BOOLEAN_FLAGS.has(name) && inline === undefined) {
      if (name === 'dry-run') result.dryRun = true;
      continue;
    }
    let value = inline;
    if (value === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
    if (name === 'values-file') {
      if (value === undefined) throw new UserError('--values-file needs a file name', { exitCode: 2 });
      result.valuesFile = value;
      continue;
    }
    result.paramFlags.push({ flag: arg, name, value });
  }
  return result;
}

const COMPONENT_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

export function validateComponentName(name: string): void {
  if (!COMPONENT_NAME.test(name) || name.length > 63 || name === 'params') {
    throw new UserError(`invalid component name '${name}'`, {
      hint: "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
      exitCode: 2,
    });
  }
}

/**
 * How parameter values are written. kf's own apps write a `null` value as a real null; ksonnet
 * apps get what ksonnet wrote (pkg/prototype ParamSchema.Quote): a string or numberOrString
 * parameter's `null` is the string "null", which 2018 prototypes test with `== "null"`.
 */
export type ParamContract = 'kf' | 'ksonnet';

/** The contract of the app a component is generated into. */
export function paramContract(app: App | undefined): ParamContract {
  return app?.spec.ksonnet !== undefined ? 'ksonnet' : 'kf';
}

/**
 * Typed values for every prototype parameter: values file, then flags; `name` defaults to the
 * component name; optional parameters take their defaults. Unknown or missing parameters fail.
 */
export function resolveParamValues(
  prototype: Prototype,
  component: string,
  flags: GenerateArgv['paramFlags'],
  fromFile: Record<string, JsonValue> = {},
  contract: ParamContract = 'kf',
): Record<string, JsonValue> {
  const byName = new Map(prototype.params.map((p) => [p.name, p]));
  const given = new Map<string, JsonValue>();
  for (const [key, value] of Object.entries(fromFile)) {
    const param = byName.get(key);
    if (param === undefined) throw unknownParam(prototype, `${key} (in --values-file)`, key);
    given.set(key, checkParamValue(param, value));
  }
  for (const flag of flags) {
    const param = byName.get(flag.name) ?? byNormalizedName(prototype, flag.name);
    if (param === undefined) throw unknownParam(prototype, flag.flag, flag.name);
    if (flag.value === undefined) {
      if (param.type !== 'boolean') {
        throw new UserError(`flag --${flag.name} needs a value`, {
          hint: `write --${flag.name}=<${param.type}>`,
          exitCode: 2,
        });
      }
      given.set(param.name, true);
      continue;
    }
    given.set(param.name, coerceParam(param, flag.value));
  }
  const values: Record<string, JsonValue> = {};
  const missing: string[] = [];
  for (const param of prototype.params) {
    if (given.has(param.name)) values[param.name] = given.get(param.name) as JsonValue;
    else if (param.name === 'name') values.name = component;
    else if (!param.required) values[param.name] = param.default ?? null;
    else missing.push(param.name);
    if (
      contract === 'ksonnet' &&
      values[param.name] === null &&
      (param.type === 'string' || param.type === 'numberOrString')
    )
      values[param.name] = 'null';
  }
  if (missing.length > 0) {
    throw new UserError(
      `missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `--${m}`).join(', ')} for prototype ${prototype.name}`,
      {
        hint: `see 'kf prototype describe ${prototype.name}'`,
        exitCode: 2,
      },
    );
  }
  return values;
}

/** `--model_path` finds `modelPath` (and the reverse): the 2017 walkthrough used snake_case. */
function byNormalizedName(prototype: Prototype, name: string) {
  const normalize = (s: string) => s.replace(/[-_]/g, '').toLowerCase();
  const matches = prototype.params.filter((p) => normalize(p.name) === normalize(name));
  return matches.length === 1 ? matches[0] : undefined;
}

function unknownParam(prototype: Prototype, flag: string, name: string): UserError {
  const names = prototype.params.map((p) => p.name);
  const suggestion = didYouMean(name.replace(/^-+/, ''), names);
  return new UserError(`unknown flag '${flag}' for prototype ${prototype.name}`, {
    hint: suggestion
      ? suggestion.replace(/'([^']+)'/, "'--$1'")
      : names.length > 0
        ? `parameters: ${names.map((n) => `--${n}`).join(', ')}`
        : 'this prototype takes no parameters',
    exitCode: 2,
  });
}

export interface GeneratedComponent {
  file: string;
  source: string;
  params: Record<string, JsonValue>;
}

/** Writes components/<component>.jsonnet and its params entry; refuses to overwrite. */
export function generateComponent(
  app: App,
  prototype: Prototype,
  component: string,
  params: Record<string, JsonValue>,
  dryRun = false,
): GeneratedComponent {
  validateComponentName(component);
  const clash = app.components.find((c) => c.name === component);
  if (clash !== undefined) {
    throw new UserError(`component '${component}' already exists (${clash.file})`, {
      hint: `choose another name or remove it first with 'kf component rm ${component}'`,
    });
  }
  const file = join(app.root, COMPONENTS_DIR, `${component}.jsonnet`);
  const source = componentSource(prototype, component);
  // Check that the generated file parses before touching anything.
  parseParamsSource(source, file);
  const paramsFile = componentParamsFile(app.root);
  const paramsSource = existsSync(paramsFile)
    ? readTextFile(paramsFile)
    : decodeText(Buffer.from('{\n  global: {},\n  components: {},\n}\n'));
  const view = (text: string) => inFileView(paramsSource, text);
  const paramsAfter = putComponentEntry(
    paramsSource.text,
    paramsFile,
    view(component),
    JSON.parse(view(JSON.stringify(params))) as Record<string, JsonValue>,
  );
  parseParamsSource(paramsAfter, paramsFile);
  if (!dryRun) {
    // The params entry first: interrupted after it, the component does not exist yet and running
    // generate again replaces the entry; the other order left a component without its entry.
    writeFileAtomic(paramsFile, encodeText(paramsSource, paramsAfter), { root: app.root });
    writeFileAtomic(file, source, { root: app.root });
  }
  return { file, source, params };
}
