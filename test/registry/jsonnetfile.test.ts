// jsonnetfile.json read as jb reads it; a syntax error is reported at its line and column.
import { expect, it } from 'vitest';
import { parseJsonnetFile } from '../../src/registry/jsonnetfile.js';
import { userErrorOf } from '../helpers/user-error.js';

it('names the line and column of a JSON syntax error (a trailing comma), not V8\'s offset', () => {
  const text = '{\n  "version": 1,\n  "dependencies": [],\n}\n';
  expect(userErrorOf(() => parseJsonnetFile(text, 'jsonnetfile.json'))).toMatch(
    /^jsonnetfile\.json:4:1: not valid JSON: [^()]*$/,
  );
  expect(parseJsonnetFile('{"version": 1}', 'jsonnetfile.json').dependencies.size).toBe(0);
});
