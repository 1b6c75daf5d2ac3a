// `kf __complete WORD...`: prints the completion candidates, one per line. Reads the commands
// from oclif.manifest.json (no oclif start-up: this runs on every Tab), else from oclif itself.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { appCompletionData } from './app-values.js';
import { complete, type CommandInfo } from './complete.js';

interface ManifestCommand {
  id: string;
  hidden?: boolean;
  aliases?: string[];
  args?: Record<string, { name: string }>;
  flags?: Record<string, { name: string; char?: string; type: string; options?: string[]; hidden?: boolean }>;
}

export async function printCompletions(words: string[]): Promise<void> {
  const commands = toCommandInfo(await loadCommands());
  const data = await appCompletionData();
  const candidates = complete(words, commands, data);
  if (candidates.length > 0) process.stdout.write(`${candidates.join('\n')}\n`);
}

async function loadCommands(): Promise<ManifestCommand[]> {
  const manifest = join(packageRoot(), 'oclif.manifest.json');
  if (existsSync(manifest)) {
    return Object.values(
      (JSON.parse(readFileSync(manifest, 'utf8')) as { commands: Record<string, ManifestCommand> }).commands,
    );
  }
  const { Config } = await import('@oclif/core');
  const config = await Config.load(packageRoot());
  return config.commands as unknown as ManifestCommand[];
}

export function toCommandInfo(commands: ManifestCommand[]): CommandInfo[] {
  return commands
    .filter((c) => !c.hidden)
    .flatMap((c) => {
      const info = {
        args: Object.values(c.args ?? {}).map((a) => a.name),
        flags: Object.values(c.flags ?? {})
          .filter((f) => !f.hidden)
          .map((f) => ({ name: f.name, char: f.char, takesValue: f.type === 'option', options: f.options })),
      };
      return [c.id, ...(c.aliases ?? [])].map((id) => ({ id, ...info }));
    });
}
