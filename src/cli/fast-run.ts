// Start-up fast path for the offline commands: runs the very same oclif command class (same flag
// parser, same errors, same output) without oclif's Config.load, which reads package.json, the
// manifest and every plugin before a command can start. scripts/bundle.js bundles this module and the
// commands with esbuild (dist/fast/entry.js: one chunk per command, shared chunks between them), so a
// command loads a handful of files instead of hundreds. bin/run.js calls runFast() first; it returns
// false for anything it does not handle — help, unknown ids, topics, aliases — and oclif runs as
// before. KF_NO_FASTPATH=1 disables it.
import type { Command } from '@oclif/core';

type CommandClass = typeof Command;
/** Loads the command class of an id (the bundle's static imports, or dist/commands/ unbundled). */
export type CommandLoader = (id: string) => Promise<{ default: CommandClass }>;

/**
 * Commands that need no cluster connection, with `positional`: the command takes arguments (or is
 * not strict), which ends oclif's search for a longer command id. A test checks both against the
 * oclif manifest; scripts/bundle.js bundles dist/commands/<id>.js for each.
 */
export const fastCommands: Record<string, { positional: boolean }> = {
  'component:list': { positional: false },
  'env:current': { positional: false },
  'env:list': { positional: false },
  export: { positional: true },
  'param:diff': { positional: true },
  'param:list': { positional: true },
  'pkg:describe': { positional: true },
  'pkg:list': { positional: false },
  'prototype:describe': { positional: true },
  'prototype:list': { positional: false },
  'prototype:preview': { positional: true },
  'prototype:search': { positional: true },
  'registry:describe': { positional: true },
  'registry:list': { positional: false },
  show: { positional: true },
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

/**
 * The part of oclif's Config that Command uses while running (construction, init, parse, log);
 * commands that need more (version, user agent for clusters) are not on the fast path.
 */
function minimalConfig(version: string): Record<string, unknown> {
  const envKey = (name: string) => `KF_${name}`;
  return {
    bin: 'kf',
    name: 'kf',
    version,
    userAgent: `kf/${version} ${process.platform}-${process.arch} node-${process.version}`,
    topicSeparator: ' ',
    pjson: { oclif: {} },
    commands: [],
    flexibleTaxonomy: false,
    isSingleCommandCLI: false,
    scopedEnvVarKey: envKey,
    scopedEnvVarKeys: (name: string) => [envKey(name)],
    scopedEnvVar: (name: string) => process.env[envKey(name)],
    runHook: async () => ({ successes: [], failures: [] }),
    commandIDs: Object.keys(fastCommands),
    findCommand: () => undefined,
  };
}

/**
 * Runs `kf <argv>` when its command is on the fast path; returns false (having done nothing) otherwise.
 * Errors end the process the way oclif's execute() does (its own handler prints and exits).
 */
export async function runFast(argv: string[], version: string, load: CommandLoader): Promise<boolean> {
  const id = fastCommandId(argv);
  if (id === undefined) return false;
  const words = id.split(':').length;
  const { default: CommandClass } = await load(id);
  CommandClass.id = id;
  const command = new (CommandClass as unknown as new (argv: string[], config: never) => Command)(
    argv.slice(words),
    minimalConfig(version) as never,
  );
  try {
    await (command as unknown as { _run(): Promise<unknown> })._run();
  } catch (error) {
    const { handle } = cjsExports(await import('@oclif/core/handle'));
    await handle(error as Error);
    return true;
  }
  const { flush } = cjsExports(await import('@oclif/core/flush'));
  await flush();
  return true;
}

/** A CommonJS module's exports, whether Node (named exports) or a bundle (default only) imported it. */
function cjsExports<T extends object>(module: T): T {
  return 'default' in module && typeof module.default === 'object' && module.default !== null
    ? (module.default as T)
    : module;
}
