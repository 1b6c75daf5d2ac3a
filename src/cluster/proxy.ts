// Which HTTP(S) proxy, if any, carries the requests to an API server: the kubeconfig cluster's
// `proxy-url` first, else HTTPS_PROXY / HTTP_PROXY unless NO_PROXY matches, with kubectl's (Go's)
// rules: the environment's proxy is never used for localhost or loopback addresses.
import { isIP } from 'node:net';
import { UserError } from '../errors.js';

export interface ProxySettings {
  /** the kubeconfig cluster's `proxy-url` */
  proxyUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export function proxyFor(server: string, settings: ProxySettings = {}): URL | undefined {
  const target = new URL(server);
  if (settings.proxyUrl) return parseProxy(settings.proxyUrl, 'proxy-url in the kubeconfig');
  const env = settings.env ?? process.env;
  const variable = target.protocol === 'http:' ? 'HTTP_PROXY' : 'HTTPS_PROXY';
  const value = env[variable] || env[variable.toLowerCase()];
  if (!value) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'http:' ? '80' : '443');
  if (isLoopback(host) || noProxyMatches(env.NO_PROXY ?? env.no_proxy ?? '', host, port)) return undefined;
  return parseProxy(value, variable);
}

/** A proxy address as Go reads it: a bare `host:port` means http://host:port. */
function parseProxy(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new UserError(`${source} is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(
      `${source} ${redact(url)}: kf supports http and https proxies, not ${url.protocol.slice(0, -1)}`,
    );
  return url;
}

/** The proxy as it may be printed: without user and password. */
export function redact(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && (host === '::1' || host === '0:0:0:0:0:0:0:1');
}

/**
 * NO_PROXY as Go reads it: `*` matches everything; each comma-separated entry is an IP, a CIDR, or
 * a domain (`example.com` matches it and its subdomains, `.example.com` only the subdomains),
 * optionally with `:port`.
 */
export function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort: string | undefined;
    const portMatch = /^(.*[^:]):(\d+)$/.exec(entry);
    if (portMatch && !isIP(entry)) [, entry, entryPort] = portMatch;
    entry = entry.replace(/^\[|\]$/g, '');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    if (entry.startsWith('.')) {
      if (host.endsWith(entry)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (isIP(host) !== 4 || isIP(base) !== 4 || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const toInt = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  return (toInt(host) & mask) >>> 0 === (toInt(base) & mask) >>> 0;
}
