// Every command's help, and every alias's, starts its usage line with the words the user typed,
// once: `kf generate --help` said `kf generate generate PROTOTYPE …` and `kf param unset --help`
// `kf param unset param delete …`; and its ALIASES are its other names.
import { Config } from '@oclif/core';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import KfHelp from '../../src/cli/help.js';
import { ensureBuilt } from '../helpers/run-kf.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => void ensureBuilt(), 600_000);

it('names each command and alias once in its usage line, then its arguments and flags', async () => {
  const config = await Config.load({ root });
  const help = new KfHelp(config, { stripAnsi: true });
  const ids = config.commands.map((c) => c.id);
  for (const alias of ['prototype:use', 'param:unset', 'env:remove', 'component:remove']) {
    expect(ids).toContain(alias);
  }
  for (const command of config.commands) {
    const words = command.id.replaceAll(':', ' ');
    const usage = help
      .formatCommand(command)
      .split('\n')
      .find((line) => line.trimStart().startsWith('$ kf '));
    expect(usage, command.id).toBeDefined();
    const line = (usage as string).trim();
    expect(line.startsWith(`$ kf ${words}`), line).toBe(true);
    // After the command's words come arguments (upper case or [optional]), flags or the end.
    expect(line.slice(`$ kf ${words}`.length), line).toMatch(/^$|^ (\[|[A-Z]|-)/);
  }
});

it('lists under ALIASES the other names of the command, never the one asked for', async () => {
  const config = await Config.load({ root });
  const help = new KfHelp(config, { stripAnsi: true });
  const aliasesOf = (id: string) => {
    const command = config.commands.find((c) => c.id === id || c.id === id.replaceAll(':', ' '));
    const text = help.formatCommand(command!);
    return [...(text.split('ALIASES\n')[1] ?? '').split('\n\n')[0]!.matchAll(/^ {2}\$ kf (.+)$/gm)].map(
      (m) => m[1],
    );
  };
  expect(aliasesOf('param:unset')).toEqual(['param delete']);
  expect(aliasesOf('param:delete')).toEqual(['param unset']);
  expect(aliasesOf('prototype:use')).toEqual(['generate']);
  expect(aliasesOf('generate')).toEqual(['prototype use']);
  expect(aliasesOf('env:remove')).toEqual(['env rm']);
  expect(aliasesOf('component:rm')).toEqual(['component remove']);
});

it("describes each topic in its own words, not in one of its commands' (kf tool --help was kf tool importers')", async () => {
  const config = await Config.load({ root });
  const groups = config.topics.filter((topic) =>
    config.commands.some((command) => command.id.startsWith(`${topic.name}:`)),
  );
  expect(groups.map((topic) => topic.name)).toEqual(expect.arrayContaining(['tool', 'argocd', 'env']));
  for (const topic of groups) {
    const commands = config.commands.filter((command) => command.id.startsWith(`${topic.name}:`));
    for (const command of commands) expect(topic.description, topic.name).not.toBe(command.description);
  }
});
