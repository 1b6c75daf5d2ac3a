// Creates a new app directory (`kf init`): built in a temporary sibling directory and renamed into
// place, so a failure leaves nothing behind. Works offline.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { fileSystemUserError } from '../util/fs-error.js';
import { APP_FILE, type EnvironmentSpec } from './app-file.js';
import { COMPONENTS_DIR, ENVIRONMENTS_DIR, COMPONENT_PARAMS_FILE } from './app.js';
import { validateEnvironmentName } from './environments.js';
import { COMPONENT_PARAMS, ENVIRONMENTS_BASE, GITIGNORE, appYaml, environmentFiles } from './scaffold.js';
import { nodeCrypto } from '../jsonnet/lazy-builtin.js';

export interface CreateAppOptions {
  envName: string;
  env: EnvironmentSpec;
}

const APP_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

export function createApp(target: string, options: CreateAppOptions): string {
  // `kf init "$NAME"` with NAME unset would make the working directory the app
  if (target.trim() === '')
    throw new UserError('the app name is empty', {
      hint: 'kf init <app>, or kf init . to make the current (empty) directory the app',
      exitCode: 2,
    });
  const dir = resolve(target);
  const name = basename(dir);
  if (!APP_NAME.test(name)) {
    throw new UserError(`invalid app name '${name}'`, {
      hint: "use letters, digits, '-', '_' and '.'",
      exitCode: 2,
    });
  }
  validateEnvironmentName(options.envName);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir} exists and is not a directory`);
    if (readdirSync(dir).length > 0) {
      throw new UserError(`directory ${dir} already exists and is not empty`, {
        hint: 'choose another name or remove the directory',
      });
    }
  }
  const parent = dirname(dir);
  if (!existsSync(parent)) throw new UserError(`directory ${parent} does not exist`);
  const staging = join(parent, `.${name}.kf-init-${nodeCrypto().randomBytes(4).toString('hex')}`);
  try {
    const files: Record<string, string> = {
      [APP_FILE]: appYaml(name, options.envName, options.env),
      '.gitignore': GITIGNORE,
      [join(COMPONENTS_DIR, COMPONENT_PARAMS_FILE)]: COMPONENT_PARAMS,
      [join(ENVIRONMENTS_DIR, 'base.libsonnet')]: ENVIRONMENTS_BASE,
      // Empty directories would vanish from a fresh git clone.
      [join('lib', '.gitkeep')]: '',
      [join('vendor', '.gitkeep')]: '',
    };
    for (const [file, content] of Object.entries(environmentFiles(options.envName))) {
      files[join(ENVIRONMENTS_DIR, ...options.envName.split('/'), file)] = content;
    }
    mkdirSync(staging);
    for (const [file, content] of Object.entries(files)) writeFileAtomic(join(staging, file), content);
    // rename(2) replaces an empty directory, so an existing empty target is fine.
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UserError(`cannot create ${dir}: permission denied`, {
        hint: 'check that the directory is writable',
        cause: error,
      });
    }
    if (error instanceof UserError) throw error;
    const named = fileSystemUserError(error);
    if (named !== undefined) throw named;
    if (code !== undefined)
      throw new UserError(`cannot create ${dir}: ${(error as Error).message}`, { cause: error });
    throw error;
  }
  return dir;
}
