import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTree, linkStaysInside, scanTree } from '../../src/registry/tree.js';
import { tempDir } from '../helpers/run-kf.js';

function tree(files: Record<string, string>): string {
  const dir = tempDir('kf-tree-');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('package trees', () => {
  it('hashes content and paths in a canonical order, independent of creation order', () => {
    const a = tree({ 'b.txt': 'B', 'a/x.jsonnet': 'X', 'a.libsonnet': 'A' });
    const b = tree({ 'a.libsonnet': 'A', 'a/x.jsonnet': 'X', 'b.txt': 'B' });
    const hashA = hashTree(a, scanTree(a, 'a'));
    expect(hashA).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashTree(b, scanTree(b, 'b'))).toBe(hashA);
    const changed = tree({ 'b.txt': 'B!', 'a/x.jsonnet': 'X', 'a.libsonnet': 'A' });
    expect(hashTree(changed, scanTree(changed, 'c'))).not.toBe(hashA);
    const renamed = tree({ 'c.txt': 'B', 'a/x.jsonnet': 'X', 'a.libsonnet': 'A' });
    expect(hashTree(renamed, scanTree(renamed, 'd'))).not.toBe(hashA);
  });

  it('keeps links that stay inside and refuses links that leave, lexically or through another link', () => {
    expect(linkStaysInside('a/b', '../c')).toBe(true);
    expect(linkStaysInside('a/b', '../../c')).toBe(false);
    expect(linkStaysInside('a', '/etc/passwd')).toBe(false);

    const ok = tree({ 'lib/x.libsonnet': '{}' });
    symlinkSync('lib/x.libsonnet', join(ok, 'alias.libsonnet'));
    expect(scanTree(ok, 'ok').map((e) => `${e.type}:${e.path}`)).toEqual(['symlink:alias.libsonnet', 'file:lib/x.libsonnet']);

    const outside = tree({ 'a.txt': '' });
    symlinkSync('../../etc', join(outside, 'up'));
    expect(() => scanTree(outside, 'package r/p')).toThrow(/package r\/p: symlink up points outside the package/);

    // `here -> .` is harmless on its own, but `here/../secret` resolves outside the root physically.
    const sneaky = tree({ 'sub/a.txt': '' });
    symlinkSync('.', join(sneaky, 'sub', 'here'));
    symlinkSync('here/../../secret', join(sneaky, 'sub', 'escape'));
    expect(() => scanTree(sneaky, 'pkg')).toThrow(/symlink sub\/escape points outside/);
  });

  it('follows a symlink chain physically: l -> ., e1 -> l/.. … e12 -> e11/.. is refused (it leads to /)', () => {
    const dir = tree({ 'sub/a.libsonnet': '{}' });
    symlinkSync('.', join(dir, 'sub', 'l'));
    symlinkSync('l/..', join(dir, 'sub', 'e1'));
    for (let i = 2; i <= 12; i++) symlinkSync(`e${i - 1}/..`, join(dir, 'sub', `e${i}`));
    expect(() => scanTree(dir, 'package r/p')).toThrow(/package r\/p: symlink sub\/e\d+ points outside the package/);
  });

  it('bounds the number of files and bytes', () => {
    const big = tree({ a: 'x'.repeat(100), b: 'y'.repeat(100) });
    expect(() => scanTree(big, 'package r/big', { maxFiles: 1, maxBytes: 1e9 })).toThrow(/more than 1 files/);
    expect(() => scanTree(big, 'package r/big', { maxFiles: 10, maxBytes: 150 })).toThrow(/larger than/);
  });
});
