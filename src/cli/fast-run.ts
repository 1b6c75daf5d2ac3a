// Start-up fast path for the commands: runs the very same oclif command class (same flag parser,
// same errors, same output) without oclif's Config.load, which reads package.json, the manifest and
// every plugin before a command can start. scripts/bundle.js bundles this module and the commands
// with esbuild (dist/fast/commands.cjs, run by bin/run.js with a V8 code cache), so a command loads
// one file instead of hundreds of modules. bin/run.js asks fastCommandId() (fast-commands.ts)
// first: anything it does not handle — help, unknown ids, topics, aliases — goes to oclif as before.
// KF_NO_FASTPATH=1 disables it.
import type { Command } from '@oclif/core';
import { fastCommandId, fastCommands } from './fast-commands.js';

export { fastCommandId, fastCommands };

type CommandClass = typeof Command;
/** Loads the command class of an id (the bundle's static imports, or dist/commands/ unbundled). */
export type CommandLoader = (id: string) => Promise<{ default: CommandClass }>;

/**
 * The part of oclif's Config that Command uses while running (construction, init, parse, log)
 * and kf's commands read (`version`: kf's version from package.json).
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
