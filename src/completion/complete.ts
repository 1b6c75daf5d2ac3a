// Shell completion, decided in one pure function: from the words typed after `kf` (the last one
// being completed, possibly empty) to the candidates — topics and commands, flags, flag values
// and positional arguments (environments, components, prototypes, packages, registries), which
// come from the app through `CompletionData`.

export interface FlagInfo {
  name: string;
  char?: string;
  takesValue: boolean;
  options?: string[];
}

export interface CommandInfo {
  /** colon-separated, as oclif names it (`param:set`); aliases are listed as commands of their own */
  id: string;
  args: string[];
  flags: FlagInfo[];
}

export type ValueKind =
  | 'environment'
  | 'component'
  | 'prototype'
  | 'package'
  | 'installed-package'
  | 'registry'
  | 'builtin-registry';

export interface CompletionData {
  values(kind: ValueKind): string[];
  /** the parameters of a prototype (its flags in generate and preview); none when unknown */
  prototypeParams(prototype: string): string[];
}

/** Positional arguments whose values kf can list, by command (the rest by argument name). */
const POSITIONALS: Record<string, { kinds: ValueKind[]; variadic?: ValueKind }> = {
  generate: { kinds: ['prototype'] },
  'prototype:use': { kinds: ['prototype'] },
  'prototype:preview': { kinds: ['prototype'] },
  validate: { kinds: [], variadic: 'environment' },
  export: { kinds: [], variadic: 'environment' },
  'pkg:install': { kinds: [], variadic: 'package' },
  'registry:add': { kinds: ['builtin-registry'] },
};

const ARG_KINDS: Record<string, ValueKind> = {
  env: 'environment',
  env1: 'environment',
  env2: 'environment',
  other: 'environment',
  component: 'component',
  prototype: 'prototype',
  package: 'installed-package',
  name: 'registry',
};

const FLAG_KINDS: Record<string, ValueKind> = { env: 'environment', component: 'component' };

/**
 * Commands that parse their own flags (oclif knows none of them): the fixed ones, to which the
 * prototype's parameters are added once the prototype is named.
 */
const GENERATE_FLAGS: FlagInfo[] = [
  { name: 'values-file', takesValue: true },
  { name: 'dry-run', takesValue: false },
];
const PROTOTYPE_COMMANDS: Record<string, FlagInfo[]> = {
  generate: GENERATE_FLAGS,
  'prototype:use': GENERATE_FLAGS,
  'prototype:preview': [],
};

export function complete(words: string[], commands: CommandInfo[], data: CompletionData): string[] {
  const partial = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const byId = new Map(commands.map((c) => [c.id, c]));

  // Find the command: leading words that are not flags, joined with ':'.
  const path: string[] = [];
  let command: CommandInfo | undefined;
  let rest: string[] = [];
  for (let i = 0; i < before.length && command === undefined; i++) {
    if (before[i].startsWith('-')) continue;
    path.push(before[i]);
    command = byId.get(path.join(':'));
    if (command) rest = before.slice(i + 1);
  }
  if (command !== undefined && PROTOTYPE_COMMANDS[command.id] !== undefined) {
    const prototype = rest.find((word) => !word.startsWith('-'));
    const params = prototype === undefined ? [] : data.prototypeParams(prototype);
    command = {
      ...command,
      flags: [
        ...command.flags,
        ...PROTOTYPE_COMMANDS[command.id],
        ...params.map((name) => ({ name, takesValue: true })),
      ],
    };
  }
  if (command === undefined) {
    if (partial.startsWith('-')) return matching(['--help', '--version'], partial);
    const depth = path.length;
    const children = commands
      .map((c) => c.id.split(':'))
      .filter((parts) => parts.length > depth && parts.slice(0, depth).join(':') === path.join(':'))
      .map((parts) => parts[depth]);
    return matching(children, partial);
  }

  const flagNamed = (token: string): FlagInfo | undefined =>
    token.startsWith('--')
      ? command.flags.find((f) => f.name === token.slice(2).split('=')[0])
      : command.flags.find((f) => f.char !== undefined && token === `-${f.char}`);
  const flagValues = (flag: FlagInfo | undefined): string[] => {
    if (flag === undefined) return [];
    if (flag.options) return flag.options;
    const kind = FLAG_KINDS[flag.name];
    return kind === undefined ? [] : data.values(kind);
  };

  // bash splits `--env=gk` into `--env`, `=`, `gk`
  if (before.at(-1) === '=' && before.at(-2)?.startsWith('-'))
    return matching(flagValues(flagNamed(before.at(-2)!)), partial);
  if (partial === '=' && before.at(-1)?.startsWith('-')) return flagValues(flagNamed(before.at(-1)!)).sort();

  let positionals = 0;
  let pendingFlag: FlagInfo | undefined;
  let afterDashDash = false;
  for (const token of rest) {
    if (pendingFlag) pendingFlag = undefined;
    else if (afterDashDash || !token.startsWith('-') || token === '-') positionals++;
    else if (token === '--') afterDashDash = true;
    else {
      const flag = flagNamed(token);
      if (flag?.takesValue && !token.includes('=')) pendingFlag = flag;
    }
  }
  if (pendingFlag?.name === 'components') return componentList(data.values('component'), partial);
  if (pendingFlag) return matching(flagValues(pendingFlag), partial);
  if (!afterDashDash && partial.startsWith('--') && partial.includes('=')) {
    const name = partial.slice(0, partial.indexOf('='));
    return matching(
      flagValues(flagNamed(name)).map((v) => `${name}=${v}`),
      partial,
    );
  }
  if (!afterDashDash && partial.startsWith('-'))
    return matching(['--help', ...command.flags.map((f) => `--${f.name}`)], partial);

  // export --all DIR: the one argument is the folder (the shell completes it), not an environment
  if (command.id === 'export' && rest.includes('--all')) return [];
  const kind = positionalKind(command, positionals);
  return kind === undefined ? [] : matching(data.values(kind), partial);
}

function positionalKind(command: CommandInfo, index: number): ValueKind | undefined {
  const special = POSITIONALS[command.id];
  if (special) return special.kinds[index] ?? special.variadic;
  const name = command.args[index];
  return name === undefined ? undefined : ARG_KINDS[name];
}

/**
 * `env add/set --components web,!db`: the next name of a comma-separated list, each name once; a
 * list that starts with `!` goes on with `!`s (a list holds names or only `!names`).
 */
function componentList(components: string[], partial: string): string[] {
  const done = partial.slice(0, partial.lastIndexOf(',') + 1);
  const given = done.split(',').filter((entry) => entry !== '');
  const bang = given.length > 0 ? (given[0]!.startsWith('!') ? '!' : '') : partial.startsWith('!') ? '!' : '';
  const named = new Set(given.map((entry) => entry.replace(/^!/, '')));
  return matching(
    components.filter((c) => !named.has(c)).map((c) => `${done}${bang}${c}`),
    partial,
  );
}

function matching(candidates: string[], partial: string): string[] {
  return [...new Set(candidates.filter((c) => c.startsWith(partial)))].sort();
}
