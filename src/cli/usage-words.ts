// A command's usage line that names the command as it was asked for (kept apart from help.ts so
// that commands import no help code).
import type { Command } from '@oclif/core';

/**
 * A usage line's start that names the command as it was asked for: `kf generate --help` says
 * generate, `kf prototype use --help` (its alias) prototype use, and so do the docs' headings.
 * oclif's help strips only the plain words of the id it shows, so KfHelp puts them in first.
 */
export const USAGE_COMMAND = "<%= command.id.replace(/:/g, ' ') %>";

/**
 * The command as its help shows it when asked for by `id`'s words: a usage starting with
 * USAGE_COMMAND starts with them, and an alias's ALIASES are the command it aliases and its other
 * names (oclif lists the alias itself, so `kf param unset --help` never named param delete).
 */
export function asAskedFor(
  command: Command.Loadable,
  commands: readonly Command.Loadable[],
): Command.Loadable {
  // Ids are spelled with ':' or with the topic separator depending on who loaded the commands.
  const words = (id: string) => id.replaceAll(':', ' ');
  const id = words(command.id);
  const { usage } = command;
  const shown =
    typeof usage === 'string' && usage.startsWith(USAGE_COMMAND)
      ? { ...command, usage: id + usage.slice(USAGE_COMMAND.length) }
      : command;
  const aliased = commands.find((c) => words(c.id) !== id && c.aliases.some((a) => words(a) === id));
  if (aliased === undefined) return shown;
  return { ...shown, aliases: [aliased.id, ...aliased.aliases.filter((a) => words(a) !== id)] };
}
