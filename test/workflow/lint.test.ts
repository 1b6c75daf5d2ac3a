// kf lint's workflow in-process: a file the linter cannot finish is that file's problem, and the
// other files are still linted (the command's output and the go-jsonnet comparisons: test/commands
// and test/tanka).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../../src/workflow/lint.js';
import { tempDir } from '../helpers/run-kf.js';

describe('lintFiles', () => {
  it('a file nested deeper than the host stack is reported as its problem; the next file is linted', () => {
    const dir = tempDir('kf-lint-deep-');
    // 200000 additions: one parse and analysis level each (was: internal error, Maximum call stack size exceeded).
    writeFileSync(join(dir, 'a-deep.jsonnet'), `${Array(200_000).fill('1').join(' + ')}\n`);
    writeFileSync(join(dir, 'b-plain.jsonnet'), 'local unused = 1;\n{}\n');
    const { files } = lintFiles({ paths: [dir] });
    expect(files.map((f) => f.path)).toEqual([join(dir, 'a-deep.jsonnet'), join(dir, 'b-plain.jsonnet')]);
    expect(files[0].output).toBe(
      `${join(dir, 'a-deep.jsonnet')}:1:1 too deeply nested to lint (the host stack ran out)\n\n`,
    );
    expect(files[0].problems).toEqual([
      {
        message: 'too deeply nested to lint (the host stack ran out)',
        location: { file: join(dir, 'a-deep.jsonnet'), line: 1, column: 1, endLine: 1, endColumn: 1 },
      },
    ]);
    expect(files[1].problems.map((p) => p.message)).toEqual(['Unused variable: unused']);
  });
});
