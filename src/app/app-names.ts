// Names an app gives to things that become paths (environments, libraries): checked when typed on
// the command line and again whenever app.yaml is read, so a cloned app cannot name its way out.
import { UserError } from '../errors.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** Registry and package names. */
export function isValidName(name: string): boolean {
  return NAME.test(name) && name.length <= 100;
}

/** Package versions (a path part of vendor/<registry>/<package>@<version>). */
export function isValidVersion(version: string): boolean {
  return VERSION.test(version) && version.length <= 100;
}

const SEGMENT = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
/** Per '/'-separated part of an environment name, and for the whole name. */
const MAX_SEGMENT = 100;
const MAX_NAME = 253;

/** Why `name` is not a valid environment name, or undefined when it is. */
export function environmentNameProblem(name: string): string | undefined {
  if (name.length > MAX_NAME) return `it has ${name.length} characters (at most ${MAX_NAME})`;
  const segments = name.split('/');
  if (name === '' || !segments.every((s) => SEGMENT.test(s))) return 'bad';
  const long = segments.find((s) => s.length > MAX_SEGMENT);
  if (long !== undefined)
    return `'${long.slice(0, 20)}…' has ${long.length} characters (at most ${MAX_SEGMENT})`;
  return undefined;
}

export function validateEnvironmentName(name: string): void {
  const problem = environmentNameProblem(name);
  if (problem !== undefined) {
    throw new UserError(
      `invalid environment name '${shorten(name)}'${problem === 'bad' ? '' : `: ${problem}`}`,
      {
        hint: "use letters, digits, '-', '_' and '.', with '/' to nest (e.g. us-west/staging)",
        exitCode: 2,
      },
    );
  }
}

/**
 * Why an environment's `components` list is malformed, or undefined: component names to render,
 * or only `!name`s to leave out of every component, each named once.
 */
export function componentListProblem(list: unknown): string | undefined {
  if (
    !Array.isArray(list) ||
    list.some((e) => typeof e !== 'string' || /^!?$/.test(e) || e.includes('/') || e.startsWith('!!'))
  )
    return 'must be a list of component names (a leading ! leaves one out)';
  const entries = list as string[];
  const excluded = entries.filter((e) => e.startsWith('!')).length;
  if (excluded > 0 && excluded < entries.length)
    return 'mixes names and !names: list the components to render, or only those to leave out (each with !)';
  const twice = entries.find((e, i) => entries.indexOf(e) !== i);
  if (twice !== undefined) return `names ${twice} twice`;
  return undefined;
}

export interface LibraryFields {
  registry?: unknown;
  name?: unknown;
  version?: unknown;
  envs?: unknown;
}

/** Why a library entry of app.yaml (keyed `key`) is malformed, or undefined. */
export function libraryProblem(key: string, library: LibraryFields): string | undefined {
  if (library === null || typeof library !== 'object') return `libraries.${key} must be a mapping`;
  const { registry, name, version } = library;
  if (typeof registry !== 'string' || !isValidName(registry))
    return `libraries.${key}.registry ${JSON.stringify(registry)} is not a valid registry name`;
  if (typeof name !== 'string' || !isValidName(name))
    return `libraries.${key}.name ${JSON.stringify(name)} is not a valid package name`;
  // '' is a package vendored without a version (ksonnet <= 0.12's vendor/<registry>/<package>).
  if (typeof version !== 'string' || (version !== '' && !isValidVersion(version)))
    return `libraries.${key}.version ${JSON.stringify(version)} is not a valid version (letters, digits, . _ + -)`;
  // Absent: every environment sees the package (kf pkg install --env writes the list).
  const { envs } = library;
  if (envs !== undefined && (!Array.isArray(envs) || !envs.every((e) => typeof e === 'string' && e !== '')))
    return `libraries.${key}.envs must be a list of environment names, found ${JSON.stringify(envs)}`;
  if (key !== `${registry}/${name}`) return `libraries.${key} must be keyed '${registry}/${name}'`;
  return undefined;
}

function shorten(name: string): string {
  return name.length > 60 ? `${name.slice(0, 40)}…` : name;
}
