// Which commands the start-up fast path (fast-run.ts) runs, and how an argument list maps to one.
// Kept apart from the runner: bin/run.js loads it (dist/fast/ids.cjs, a few hundred bytes) to decide,
// before loading the commands' bundle, whether a command line is for the fast path at all.

/**
 * The commands of the fast path: all but `eval` and `__complete`, which bin/run.js runs its own way.
 * `positional`: the command takes arguments (or is not strict), which ends oclif's search for a
 * longer command id. A test checks the list and `positional` against the oclif manifest;
 * scripts/bundle.js bundles dist/commands/<id>.js for each.
 */
export const fastCommands: Record<string, { positional: boolean }> = {
  apply: { positional: true },
  'argocd:generate': { positional: true },
  'chart:add': { positional: true },
  'chart:add-repo': { positional: true },
  'chart:list': { positional: false },
  'chart:vendor': { positional: false },
  completion: { positional: true },
  'component:list': { positional: false },
  'component:rm': { positional: true },
  delete: { positional: true },
  diff: { positional: true },
  'env:add': { positional: true },
  'env:current': { positional: false },
  'env:list': { positional: false },
  'env:rm': { positional: true },
  'env:set': { positional: true },
  export: { positional: true },
  fmt: { positional: true },
  generate: { positional: true },
  init: { positional: true },
  'jb:install': { positional: true },
  'jb:update': { positional: true },
  lint: { positional: true },
  'param:delete': { positional: true },
  'param:diff': { positional: true },
  'param:list': { positional: true },
  'param:set': { positional: true },
  'pkg:describe': { positional: true },
  'pkg:install': { positional: true },
  'pkg:list': { positional: false },
  'pkg:rm': { positional: true },
  'prototype:describe': { positional: true },
  'prototype:list': { positional: false },
  'prototype:preview': { positional: true },
  'prototype:search': { positional: true },
  'registry:add': { positional: true },
  'registry:describe': { positional: true },
  'registry:list': { positional: false },
  'registry:rm': { positional: true },
  'registry:set': { positional: true },
  show: { positional: true },
  status: { positional: true },
  'tool:importers': { positional: true },
  'tool:imports': { positional: true },
  upgrade: { positional: false },
  validate: { positional: true },
  version: { positional: false },
};

/**
 * The command id `argv` starts with (topic separator: a space) when the fast path runs it the way
 * oclif would. Help goes to oclif; so does a word after a command without positional arguments,
 * which oclif reads as part of a (then unknown) command id.
 */
export function fastCommandId(argv: readonly string[]): string | undefined {
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return undefined;
  const two = argv.length >= 2 ? `${argv[0]}:${argv[1]}` : undefined;
  const id =
    two !== undefined && two in fastCommands
      ? two
      : argv.length >= 1 && argv[0] in fastCommands
        ? argv[0]
        : undefined;
  if (id === undefined) return undefined;
  const next = argv[id.split(':').length];
  if (next !== undefined && !fastCommands[id].positional && !next.startsWith('-') && !next.includes('='))
    return undefined;
  return id;
}
