import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';
import { tempDir } from '../helpers/run-kf.js';

describe('writeFileAtomic with the content in pieces', () => {
  it('writes the pieces in order, as UTF-8, and leaves no temporary file', () => {
    const dir = tempDir();
    const pieces = ['{\n', '   "a": "✓ 𝄞"', ',\n'.repeat(3), 'x'.repeat(200_000), '', '\n}\n'];
    writeFileAtomic(join(dir, 'out.json'), pieces);
    expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(pieces.join(''));
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('keeps the mode of the file it replaces, as with one string', () => {
    const dir = tempDir();
    const file = join(dir, 'secret.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, ['new', ' text']);
    expect(readFileSync(file, 'utf8')).toBe('new text');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('writeFileAtomic of a file whose name is near the length limit', () => {
  it('writes it (was: ENAMETOOLONG, the temp file name adding ~30 bytes past 255)', () => {
    const dir = tempDir('kf-atomic-long-');
    const name = `${'n'.repeat(240)}.jsonnet`;
    writeFileSync(join(dir, name), '{a:1}\n');
    writeFileAtomic(join(dir, name), '{ a: 1 }\n');
    expect(readFileSync(join(dir, name), 'utf8')).toBe('{ a: 1 }\n');
    expect(readdirSync(dir)).toEqual([name]);
  });
});
