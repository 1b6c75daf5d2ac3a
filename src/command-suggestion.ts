// What kf says about a command it does not know: the first word that names no command or topic,
// the closest sibling as a suggestion, and where to look. Pure, for the command_not_found hook.
import { closestMatch } from './errors.js';

/**
 * `id` is oclif's colon-joined attempt (`aply:gke`, `prototype:preveiw:x`); `commands` and
 * `topics` are the colon-separated ids users may type (aliases included, hidden ones left out).
 */
export function unknownCommandMessage(
  id: string,
  commands: Iterable<string>,
  topics: Iterable<string>,
): string {
  const known = [...new Set([...commands, ...topics])];
  const topicSet = new Set(topics);
  const words = id.split(':').filter((w) => w !== '');
  // The longest leading run of words that is a topic; the next word is the unknown one (later
  // words are that command's arguments).
  let depth = 0;
  while (depth < words.length - 1 && topicSet.has(words.slice(0, depth + 1).join(':'))) depth++;
  const parent = words.slice(0, depth);
  const word = words[depth] ?? '';
  const children = new Set<string>();
  for (const name of known) {
    const parts = name.split(':');
    if (parts.length > depth && parts.slice(0, depth).join(':') === parent.join(':'))
      children.add(parts[depth]);
  }
  const typed = [...parent, word].join(' ');
  const match = closestMatch(word, children);
  const help = `kf ${parent.length > 0 ? `${parent.join(' ')} ` : ''}--help`;
  const suggestion = match === undefined ? '' : `did you mean '${[...parent, match].join(' ')}'? `;
  return `unknown command '${typed}' (${suggestion}see: ${help})`;
}
