import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
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

describe('writeFileAtomic where the file cannot be', () => {
  const message = (write: () => void) => {
    try {
      write();
    } catch (error) {
      return isUserError(error) ? error.format() : `not a user error: ${String(error)}`;
    }
    return 'written';
  };

  it('names a folder in the way (was: the temp file, renamed onto the folder)', () => {
    const dir = tempDir('kf-atomic-folder-');
    mkdirSync(join(dir, 'out'));
    expect(message(() => writeFileAtomic(join(dir, 'out'), '1\n'))).toBe(
      `cannot write ${join(dir, 'out')}: it is a folder (name a file, or move the folder away)`,
    );
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it.runIf(existsSync('/proc/self'))(
    'names a folder that takes no new files (was: an internal error, ENOENT of the temp file)',
    () => {
      expect(message(() => writeFileAtomic('/proc/x.json', '1\n'))).toBe(
        'cannot write /proc/x.json: its folder takes no new files (write it to a folder on an ordinary file system)',
      );
    },
  );
});
