// oclif's usage errors in kf's words, the part before `(see: kf <cmd> --help)`: arguments by their
// help names, and the flag relationships a command declares (dependsOn, exclusive, exactlyOne, …).
import { stripVTControlCharacters } from 'node:util';

/** One line saying what is wrong with a command line oclif refused. */
export function usageMessage(
  error: Error & {
    args?: Array<{ name?: string; description?: string }>;
    parse?: { output?: { raw?: Array<{ type?: string; flag?: string }> } };
  },
): string {
  if (/^Missing \d+ required arg/.test(error.message) && Array.isArray(error.args) && error.args.length > 0) {
    const names = error.args.map((a) => (a.name ?? '').toUpperCase());
    const described =
      error.args.length === 1 && error.args[0].description ? `: ${error.args[0].description}` : '';
    return `missing ${error.args.length === 1 ? 'argument' : 'arguments'} ${names.join(' ')}${described}`;
  }
  const lines = messageLines(error.message);
  // FailedFlagValidationError / ViolatedFlagConstraintError: a heading, then one reason a line.
  if (lines.length > 1 && /^The following errors? occurred:$/.test(lines[0])) {
    const typed = (error.parse?.output?.raw ?? []).flatMap((t) =>
      t.type === 'flag' && t.flag ? [t.flag] : [],
    );
    const reasons = new Map<string, string>();
    for (const [key, text] of lines.slice(1).map((line) => flagReason(line, typed)))
      if (!reasons.has(key)) reasons.set(key, text);
    return [...reasons.values()].join('; ');
  }
  return lines.join(' ');
}

/**
 * oclif's reason for one failed flag check, in kf's words, and a key for saying it once: both
 * flags of an exclusive pair report the other (`--unset=true cannot also be provided when using
 * --set` and the reverse), so a pair is named in the order the flags were `typed`.
 */
function flagReason(reason: string, typed: string[]): [key: string, text: string] {
  const list = (flags: string, conjunction: string) => {
    const names = flags.split(', ');
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} ${conjunction} ${names.at(-1)}`;
  };
  let m = /^--([\w-]+)(?:=.*)? cannot also be provided when using --([\w-]+)$/.exec(reason);
  if (m) {
    const position = (flag: string) => (typed.includes(flag) ? typed.indexOf(flag) : typed.length);
    const [first, second] = [m[2], m[1]].sort((a, b) => position(a) - position(b));
    return [[first, second].sort().join(' '), `--${first} and --${second} cannot be used together`];
  }
  m = /^All of the following must be provided when using (--[\w-]+): (.*)$/.exec(reason);
  if (m) return [reason, `${m[1]} needs ${list(m[2], 'and')}`];
  m = /^One of the following must be provided when using (--[\w-]+): (.*)$/.exec(reason);
  if (m) return [reason, `${m[1]} needs ${list(m[2], 'or')}`];
  m = /^Only the following can be provided when using (--[\w-]+): (.*)$/.exec(reason);
  if (m) return [reason, `${m[1]} can only be used with ${list(m[2], 'or')}`];
  m = /^Exactly one of the following must be provided: (.*)$/.exec(reason);
  if (m) return [reason, `give exactly one of ${list(m[1], 'and')}`];
  m = /^At least one of the following must be provided: (.*)$/.exec(reason);
  if (m) return [reason, `give at least one of ${list(m[1], 'and')}`];
  m = /^Missing required flag ([\w-]+)$/.exec(reason);
  if (m) return [reason, `missing required flag --${m[1]}`];
  return [reason, reason];
}

/** A message's non-empty lines, trimmed, without oclif's colours and its `See more help` line. */
function messageLines(message: string): string[] {
  return stripVTControlCharacters(message)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('See more help'));
}
