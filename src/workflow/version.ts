// kf's own version (package.json), for the ApplySet tooling annotation and `kf version`.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function kfVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
