// A command's usage line that names the command as it was asked for (kept apart from help.ts so
// that commands import no help code).
import type { Command } from '@oclif/core';

/**
 * A usage line's start that names the command as it was asked for: `kf generate --help` says
 * generate, `kf prototype use --help` (its alias) prototype use, and so do the docs' headings.
 * oclif's help strips only the plain words of the id it shows, so KfHelp puts them in first.
 */
export const USAGE_COMMAND = "<%= command.id.replace(/:/g, ' ') %>";

/** The command with a usage that starts with USAGE_COMMAND starting with its id's words instead. */
export function withUsageWords(command: Command.Loadable): Command.Loadable {
  const { usage } = command;
  if (typeof usage !== 'string' || !usage.startsWith(USAGE_COMMAND)) return command;
  return { ...command, usage: command.id.replaceAll(':', ' ') + usage.slice(USAGE_COMMAND.length) };
}
