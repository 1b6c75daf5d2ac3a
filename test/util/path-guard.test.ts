import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { assertInside, guardedPath } from '../../src/util/path-guard.js';
import { tempDir } from '../helpers/run-kf.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).format();
  }
  throw new Error('expected a refusal');
}

describe('path guard', () => {
  it('joins names that stay inside', () => {
    const root = tempDir();
    expect(guardedPath(root, ['environments', 'us-west/staging'], 'environment')).toBe(
      join(root, 'environments', 'us-west', 'staging'),
    );
  });

  it.each([['../../outside'], ['..'], ['a/../../b'], ['/etc'], ['a//b'], ['.']])('refuses %s', (name) => {
    const root = tempDir();
    expect(refusal(() => guardedPath(root, ['environments', name], `environment '${name}'`))).toContain(
      `environment '${name}' is refused`,
    );
  });

  it('refuses a library version ../.. (vendor path)', () => {
    const root = tempDir();
    expect(refusal(() => guardedPath(root, ['vendor', 'r', 'p@../..'], 'package r/p@../..'))).toContain(
      'refused',
    );
  });

  it('gives a clear error, not ENAMETOOLONG, for a 300-character name', () => {
    const root = tempDir();
    const message = refusal(() => guardedPath(root, ['environments', 'e'.repeat(300)], 'environment'));
    expect(message).toContain('too long');
    expect(message).not.toContain('ENAMETOOLONG');
  });

  it('follows symlinks: a folder linking outside is refused', () => {
    const root = tempDir();
    const outside = tempDir();
    mkdirSync(join(root, 'environments'));
    symlinkSync(outside, join(root, 'environments', 'prod'));
    expect(
      refusal(() => guardedPath(root, ['environments', 'prod', 'params.libsonnet'], 'environment')),
    ).toContain('symlink');
  });

  it('follows the l -> ., e1 -> l/.. … e12 -> e11/.. chain to where it really leads', () => {
    const root = tempDir();
    const dir = join(root, 'vendor', 'r', 'p@1', 'deep');
    mkdirSync(dir, { recursive: true });
    symlinkSync('.', join(dir, 'l'));
    symlinkSync('l/..', join(dir, 'e1'));
    for (let i = 2; i <= 12; i++) symlinkSync(`e${i - 1}/..`, join(dir, `e${i}`));
    expect(refusal(() => assertInside(root, join(dir, 'e12', 'x'), 'vendored file'))).toContain('symlink');
    expect(() => assertInside(root, join(dir, 'e1', 'x'), 'vendored file')).not.toThrow();
  });

  it('atomic writes update the target of a symlinked file inside the app and keep its mode; refuse a target outside', () => {
    const root = tempDir();
    writeFileSync(join(root, 'shared.libsonnet'), '{}', { mode: 0o600 });
    symlinkSync('shared.libsonnet', join(root, 'params.libsonnet'));
    writeFileAtomic(join(root, 'params.libsonnet'), '{ a: 1 }', { root });
    expect(lstatSync(join(root, 'params.libsonnet')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(root, 'shared.libsonnet'), 'utf8')).toBe('{ a: 1 }');
    expect(statSync(join(root, 'shared.libsonnet')).mode & 0o777).toBe(0o600);
    const outside = tempDir();
    writeFileSync(join(outside, 'x'), '{}');
    symlinkSync(join(outside, 'x'), join(root, 'evil.libsonnet'));
    expect(refusal(() => writeFileAtomic(join(root, 'evil.libsonnet'), '{}', { root }))).toContain('outside');
    expect(readFileSync(join(outside, 'x'), 'utf8')).toBe('{}');
  });
});
