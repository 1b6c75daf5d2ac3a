// What the control planes' egress proxy may dial: loopback targets as asked, registered
// mappings to their loopback replacement, everything else refused before any dial. Pure:
// the proxy process (egress-proxy.ts) does the I/O.
import { BlockList, isIP } from 'node:net';

/** A `host:port` the API server asked the proxy to CONNECT to. */
export interface EgressTarget {
  /** IP literal (IPv6 without brackets) or a name, lower-cased. */
  host: string;
  port: number;
}

/** Mapping keys and values are `ip:port` / `[ipv6]:port` strings. */
export type EgressMappings = ReadonlyMap<string, string>;

export type EgressDecision =
  | { decision: 'loopback'; target: string; dial: EgressTarget }
  | { decision: 'mapped'; target: string; dial: EgressTarget }
  | { decision: 'refused'; target: string; reason: string };

/** Parses `host:port`, `[v6]:port`; undefined when it is neither. */
export function parseTarget(authority: string): EgressTarget | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(authority.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  const host = (match[1] ?? match[2]!).toLowerCase();
  if (match[1] !== undefined && isIP(host) !== 6) return undefined;
  return { host, port };
}

export function formatTarget({ host, port }: EgressTarget): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8 and ::1 (also written as IPv4-mapped or uncompressed); a name is never loopback here. */
export function isLoopbackIp(host: string): boolean {
  const family = isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/** Canonical `ip:port` key (IPv6 in its shortest form) so `[::1]:80` and `[0:0::1]:80` match. */
export function mappingKey(target: EgressTarget): string {
  if (isIP(target.host) !== 6) return formatTarget(target);
  return `${new URL(`http://[${target.host}]/`).hostname}:${target.port}`;
}

/**
 * The decision for one CONNECT request. `localhost` is answered as 127.0.0.1 without a
 * lookup; any other name is refused (resolving it would itself send a DNS query off the
 * machine). A mapping whose replacement is not loopback is refused too.
 */
export function decideEgress(authority: string, mappings: EgressMappings): EgressDecision {
  const target = parseTarget(authority);
  if (!target) return { decision: 'refused', target: authority, reason: 'not a host:port' };
  const shown = formatTarget(target);
  if (target.host === 'localhost')
    return { decision: 'loopback', target: shown, dial: { ...target, host: '127.0.0.1' } };
  if (isIP(target.host) === 0)
    return { decision: 'refused', target: shown, reason: 'names other than localhost are not resolved' };
  if (isLoopbackIp(target.host)) return { decision: 'loopback', target: shown, dial: target };
  const replacement = mappings.get(mappingKey(target));
  if (replacement === undefined)
    return { decision: 'refused', target: shown, reason: 'not loopback and no mapping registered' };
  const dial = parseTarget(replacement);
  if (!dial || !isLoopbackIp(dial.host))
    return {
      decision: 'refused',
      target: shown,
      reason: `mapping to ${replacement} is not a loopback ip:port`,
    };
  return { decision: 'mapped', target: shown, dial };
}

/**
 * Merges mapping files (each a JSON object `{ "<ip:port>": "<loopback ip:port>" }`) into one
 * map; a file that is not such an object is reported and skipped.
 */
export function mergeMappingFiles(files: ReadonlyArray<{ name: string; text: string }>): {
  mappings: Map<string, string>;
  problems: string[];
} {
  const mappings = new Map<string, string>();
  const problems: string[] = [];
  for (const { name, text } of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`${name}: not a JSON object`);
      continue;
    }
    for (const [from, to] of Object.entries(parsed)) {
      const key = parseTarget(from);
      if (!key || typeof to !== 'string') {
        problems.push(`${name}: entry ${JSON.stringify(from)} is not "ip:port": "ip:port"`);
        continue;
      }
      mappings.set(mappingKey(key), to);
    }
  }
  return { mappings, problems };
}
