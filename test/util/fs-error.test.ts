// File-system errors the app's folder causes are user errors naming the path (src/util/fs-error.ts),
// in-process and through the kf program, instead of "internal error: ENOTDIR …".
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { loadApp } from '../../src/app/app.js';
import { createApp } from '../../src/app/create-app.js';
import { readCurrentEnv } from '../../src/app/current-env.js';
import { readParts } from '../../src/registry/package-dir.js';
import { renderEnvironment } from '../../src/render/render.js';
import { readTextFile } from '../../src/util/text-file.js';
import { fileSystemUserError, readUtf8 } from '../../src/util/fs-error.js';
import { makeDirs } from '../../src/util/make-dirs.js';
import { userErrorOf } from '../helpers/user-error.js';
import { ensureBuilt, runKf, tempDir } from '../helpers/run-kf.js';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('fileSystemUserError', () => {
  const dir = tempDir('kf-fs-error-');
  writeFileSync(join(dir, 'file'), 'x');
  mkdirSync(join(dir, 'folder'));

  it('ENOTDIR names the file that stands where a folder should be, however deep the path', () => {
    const error = errorOf(() => writeFileSync(join(dir, 'file', 'a', 'b.txt'), 'x'));
    const user = fileSystemUserError(error);
    expect(user).toBeInstanceOf(UserError);
    expect(user?.format()).toBe(`${join(dir, 'file')}: expected a folder, found a file (move the file away)`);
  });

  it('EISDIR names the folder; a path-less error (a read of a folder) takes the path given', () => {
    const withPath = fileSystemUserError(errorOf(() => writeFileSync(join(dir, 'folder'), 'x')));
    expect(withPath?.format()).toBe(
      `${join(dir, 'folder')}: expected a file, found a folder (move the folder away)`,
    );
    const read = errorOf(() => readFileSync(join(dir, 'folder')));
    expect(fileSystemUserError(read)).toBeUndefined();
    expect(fileSystemUserError(read, join(dir, 'folder'))?.format()).toBe(
      `${join(dir, 'folder')}: expected a file, found a folder (move the folder away)`,
    );
  });

  it('EEXIST of a mkdir where a file stands names the file (was: internal error EEXIST, kf pkg install with vendor/<registry> a file)', () => {
    const recursive = fileSystemUserError(errorOf(() => mkdirSync(join(dir, 'file'), { recursive: true })));
    expect(recursive?.format()).toBe(
      `${join(dir, 'file')}: expected a folder, found a file (move the file away)`,
    );
    expect(fileSystemUserError(errorOf(() => mkdirSync(join(dir, 'file'))))?.format()).toBe(
      `${join(dir, 'file')}: expected a folder, found a file (move the file away)`,
    );
    // A folder that exists already is no file in the way.
    expect(fileSystemUserError(errorOf(() => mkdirSync(join(dir, 'folder'))))).toBeUndefined();
  });

  it('ENOENT of a mkdir in a folder that takes no new entries (/proc) names that folder', () => {
    const error = errorOf(() => makeDirs('/proc/kf-no-such-folder/a'));
    expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(fileSystemUserError(error)?.format()).toBe(
      '/proc: cannot create a folder in this folder: it takes no new entries (use a folder on an ordinary file system)',
    );
    // kf init /proc/x: the same line (was: "cannot create /proc/x: ENOENT: … mkdir '/proc/.x.kf-init-…'").
    expect(
      userErrorOf(() =>
        createApp('/proc/kf-init-test', { envName: 'default', env: { namespace: 'default' } }),
      ),
    ).toBe(
      '/proc: cannot create a folder in this folder: it takes no new entries (use a folder on an ordinary file system)',
    );
    // A missing parent is no such case: makeDirs makes it.
    expect(fileSystemUserError(errorOf(() => mkdirSync(join(dir, 'no', 'parent'))))).toBeUndefined();
  });

  it('readUtf8 reads a file, and names a folder in its place (parts.yaml of a package)', () => {
    expect(readUtf8(join(dir, 'file'))).toBe('x');
    const pkg = join(dir, 'pkg');
    mkdirSync(join(pkg, 'parts.yaml'), { recursive: true });
    const error = errorOf(() => readParts(pkg));
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toBe(
      `${join(pkg, 'parts.yaml')}: expected a file, found a folder (move the folder away)`,
    );
    expect(errorOf(() => readUtf8(join(dir, 'missing')))).not.toBeInstanceOf(UserError);
  });

  it('leaves other errors alone (a missing file is the caller’s to explain; bugs stay bugs)', () => {
    expect(fileSystemUserError(errorOf(() => readFileSync(join(dir, 'missing'))))).toBeUndefined();
    expect(fileSystemUserError(new TypeError('x is undefined'))).toBeUndefined();
    expect(fileSystemUserError('EACCES')).toBeUndefined();
  });
});

describe('makeDirs (mkdir -p)', () => {
  const dir = tempDir('kf-make-dirs-');

  it('makes missing parents, accepts a folder that exists, refuses a file in the way', () => {
    makeDirs(join(dir, 'a', 'b', 'c'));
    makeDirs(join(dir, 'a', 'b', 'c'));
    makeDirs(join(dir, 'a'));
    expect(existsSync(join(dir, 'a', 'b', 'c'))).toBe(true);
    writeFileSync(join(dir, 'file'), 'x');
    expect((errorOf(() => makeDirs(join(dir, 'file'))) as NodeJS.ErrnoException).code).toBe('EEXIST');
    expect((errorOf(() => makeDirs(join(dir, 'file', 'x'))) as NodeJS.ErrnoException).code).toBe('ENOTDIR');
  });

  it('fails where mkdirSync(recursive) loops forever: a new folder in /proc (was: kf export --all /proc/x hung)', () => {
    const started = Date.now();
    expect((errorOf(() => makeDirs('/proc/kf-x/y')) as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('kf commands on an app folder with a file or folder in the way', () => {
  beforeAll(() => ensureBuilt(), 600_000);

  it('prints one line naming the path, exit 1, on the fast path and through oclif', async () => {
    const root = join(tempDir('kf-fs-error-app-'), 'app');
    expect((await runKf(['init', root])).exitCode).toBe(0);
    rmSync(join(root, 'environments'), { recursive: true });
    writeFileSync(join(root, 'environments'), 'not a folder\n');
    for (const env of [{}, { KF_NO_FASTPATH: '1' }]) {
      const r = await runKf(['env', 'add', 'staging', '--namespace=staging'], { cwd: root, env });
      expect(r).toEqual({
        stdout: '',
        stderr: `kf: ${join(root, 'environments')}: expected a folder, found a file (move the file away)\n`,
        exitCode: 1,
      });
    }
    rmSync(join(root, 'components'), { recursive: true });
    writeFileSync(join(root, 'components'), 'not a folder\n');
    expect(await runKf(['show', 'default'], { cwd: root })).toEqual({
      stdout: '',
      stderr: `kf: ${join(root, 'components')}: expected a folder, found a file (move the file away)\n`,
      exitCode: 1,
    });
    expect((await runKf(['registry', 'add', 'kubeflow'], { cwd: root })).exitCode).toBe(0);
    rmSync(join(root, 'kf.lock'), { force: true });
    mkdirSync(join(root, 'kf.lock'));
    const lock = await runKf(['pkg', 'install', 'kubeflow/core'], { cwd: root });
    expect(lock).toEqual({
      stdout: '',
      stderr: `kf: ${join(root, 'kf.lock')}: expected a file, found a folder (move the folder away)\n`,
      exitCode: 1,
    });
  });
});

describe('app files that are folders, in-process', () => {
  it('.kf/current-env, a params file kf edits, and one it evaluates (was: internal error EISDIR, "cannot read …: EISDIR", "couldn\'t open …")', () => {
    const root = join(tempDir('kf-fs-error-app-'), 'app');
    createApp(root, { envName: 'default', env: { namespace: 'default' } });
    mkdirSync(join(root, '.kf', 'current-env'), { recursive: true });
    expect((errorOf(() => readCurrentEnv(root)) as UserError).format()).toBe(
      `${join(root, '.kf', 'current-env')}: expected a file, found a folder (move the folder away)`,
    );
    const params = join(root, 'environments', 'default', 'params.libsonnet');
    rmSync(params);
    mkdirSync(params);
    expect((errorOf(() => readTextFile(params)) as UserError).format()).toBe(
      `${params}: expected a file, found a folder (move the folder away)`,
    );
    const app = loadApp(root);
    expect((errorOf(() => renderEnvironment(app, 'default')) as UserError).format()).toBe(
      'environments/default/params.libsonnet: expected a file, found a folder (move the folder away)',
    );
  });
});
