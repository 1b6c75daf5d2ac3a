import { expect, it } from 'vitest';
import { counted, plural } from '../../src/util/plural.js';

it('puts the noun in the singular for one and in the plural for any other count', () => {
  expect([0, 1, 2].map((n) => counted(n, 'object'))).toEqual(['0 objects', '1 object', '2 objects']);
  expect(counted(1, 'registry', 'registries')).toBe('1 registry');
  expect(counted(3, 'registry', 'registries')).toBe('3 registries');
  expect(plural(1, 'file')).toBe('file');
});
