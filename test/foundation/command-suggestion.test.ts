import { expect, it } from 'vitest';
import { unknownCommandMessage } from '../../src/command-suggestion.js';

const commands = [
  'apply',
  'diff',
  'param:set',
  'param:diff',
  'prototype:preview',
  'prototype:use',
  'env:add',
];
const topics = ['param', 'prototype', 'env'];

it('names the first unknown word and suggests its closest sibling', () => {
  expect(unknownCommandMessage('aply:gke', commands, topics)).toBe(
    "unknown command 'aply' (did you mean 'apply'? see: kf --help)",
  );
  expect(unknownCommandMessage('prototype:preveiw:x', commands, topics)).toBe(
    "unknown command 'prototype preveiw' (did you mean 'prototype preview'? see: kf prototype --help)",
  );
  expect(unknownCommandMessage('evn:add', commands, topics)).toBe(
    "unknown command 'evn' (did you mean 'env'? see: kf --help)",
  );
  expect(unknownCommandMessage('zzzzzz', commands, topics)).toBe("unknown command 'zzzzzz' (see: kf --help)");
});
