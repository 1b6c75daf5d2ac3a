import { Flags, Parser } from '@oclif/core';
import { expect, it } from 'vitest';
import { usageMessage } from '../../src/usage-message.js';

/** What kf says of the error oclif's own parser throws for `argv` against `flags`. */
async function refused(argv: string[], flags: Parameters<typeof Parser.parse>[1]['flags']): Promise<string> {
  try {
    await Parser.parse(argv, { flags, strict: true });
  } catch (error) {
    return usageMessage(error as Error);
  }
  throw new Error(`oclif accepted ${argv.join(' ')}`);
}

it('says which flag another needs (dependsOn, relationships all/some)', async () => {
  const watch = Flags.boolean();
  expect(await refused(['--timeout', '5m'], { watch, timeout: Flags.string({ dependsOn: ['watch'] }) })).toBe(
    '--timeout needs --watch',
  );
  expect(
    await refused(['--c'], {
      a: Flags.boolean(),
      b: Flags.boolean(),
      c: Flags.boolean({ dependsOn: ['a', 'b'] }),
    }),
  ).toBe('--c needs --a and --b');
  const some = Flags.boolean({ relationships: [{ type: 'some', flags: ['a', 'b'] }] });
  expect(await refused(['--c'], { a: Flags.boolean(), b: Flags.boolean(), c: some })).toBe(
    '--c needs --a or --b',
  );
});

it('names an exclusive pair once, in the order the flags were given', async () => {
  const flags = {
    set: Flags.string({ exclusive: ['unset'] }),
    unset: Flags.boolean({ exclusive: ['set'] }),
  };
  expect(await refused(['--unset', '--set', 'x'], flags)).toBe('--unset and --set cannot be used together');
  expect(await refused(['--set', 'x', '--unset'], flags)).toBe('--set and --unset cannot be used together');
  const none = Flags.boolean({ relationships: [{ type: 'none', flags: ['b'] }] });
  expect(await refused(['--a', '--b'], { a: none, b: Flags.boolean() })).toBe(
    '--a and --b cannot be used together',
  );
});

it('says exactly one, at least one, only with, and a missing required flag', async () => {
  const one = { a: Flags.boolean({ exactlyOne: ['a', 'b'] }), b: Flags.boolean({ exactlyOne: ['a', 'b'] }) };
  expect(await refused([], one)).toBe('give exactly one of --a and --b');
  expect(await refused(['--a', '--b'], one)).toBe('--a and --b cannot be used together');
  const least = {
    a: Flags.boolean({ atLeastOne: ['a', 'b'] }),
    b: Flags.boolean({ atLeastOne: ['a', 'b'] }),
  };
  expect(await refused([], least)).toBe('give at least one of --a and --b');
  const only = Flags.boolean({ relationships: [{ type: 'only', flags: ['b'] }] });
  expect(await refused(['--a', '--c'], { a: only, b: Flags.boolean(), c: Flags.boolean() })).toBe(
    '--a can only be used with --b',
  );
  expect(await refused([], { name: Flags.string({ required: true }) })).toBe('missing required flag --name');
});

it('puts several problems on one line', async () => {
  const flags = {
    test: Flags.boolean({ exclusive: ['diff', 'stdout'] }),
    diff: Flags.boolean({ exclusive: ['stdout'] }),
    stdout: Flags.boolean(),
    timeout: Flags.string({ dependsOn: ['watch'] }),
    watch: Flags.boolean(),
  };
  expect(await refused(['--test', '--diff', '--stdout', '--timeout', '1s'], flags)).toBe(
    '--test and --diff cannot be used together; --diff and --stdout cannot be used together; --timeout needs --watch',
  );
});
