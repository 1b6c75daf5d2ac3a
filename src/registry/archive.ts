// Downloads a .tar.gz registry archive (https, loopback http or file://) and extracts it safely:
// every entry is checked before anything is written, so absolute paths, `..` segments, links
// leading outside, hard links, devices and oversized archives are refused as a whole.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { importPackage } from '../util/import-package.js';
import { UserError } from '../errors.js';
import { isLoopbackHost } from './registry-uri.js';
import { useExtraCaCerts } from '../util/extra-ca-certs.js';
import { fetchWithTls, tlsFailureHint, type RepositoryTls } from './repository-tls.js';
import { DEFAULT_LIMITS, formatBytes, linkStaysInside, type TreeLimits } from './tree.js';

export const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 120_000;

export interface DownloadOptions {
  /** default MAX_ARCHIVE_BYTES */
  maxBytes?: number;
  /** sent with the request (credentials, a registry token), dropped at a redirect to another origin */
  headers?: Record<string, string>;
  /** the hint when the server answers 401 or 403 */
  unauthorizedHint?: string;
  /** the repository's CA and client certificate, used (like `headers`) for the first origin only */
  tls?: RepositoryTls;
}

/** Downloads `url` to `file`; returns the sha256 of the archive as `sha256:<hex>`. */
export async function downloadArchive(url: string, file: string, options: DownloadOptions = {}): Promise<string> {
  const { maxBytes = MAX_ARCHIVE_BYTES, headers = {} } = options;
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new UserError(`cannot read registry archive ${path}: no such file`, { hint: 'check the registry URI' });
    }
    if (size > maxBytes) throw tooLarge(url, maxBytes);
    copyFileSync(path, file);
    return sha256File(file);
  }

  const response = await fetchFollowingSafely(url, headers, options.tls);
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const unauthorized = response.status === 401 || response.status === 403;
    throw new UserError(`cannot download ${url}: HTTP ${response.status} ${response.statusText}`.trim(), {
      hint: (unauthorized ? options.unauthorizedHint : undefined) ?? 'check the registry URI',
    });
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge(url, maxBytes);

  let received = 0;
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  try {
    for await (const chunk of Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      const bytes = chunk as Buffer;
      received += bytes.length;
      if (received > maxBytes) throw tooLarge(url, maxBytes);
      hash.update(bytes);
      if (!out.write(bytes)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot download ${url}: ${(error as Error).message}`, {
      hint: 'check the URI and your network connection',
    });
  }
  return `sha256:${hash.digest('hex')}`;
}

const MAX_REDIRECTS = 10;

/**
 * GET with redirects followed by hand, each hop checked before it is requested: https is never
 * followed to plain http (the request, query string and all, would go out in clear), and plain
 * http is allowed only on loopback addresses. `headers` are sent to the first origin only, as
 * browsers and Go's client do with credentials (a registry's blob redirect to a CDN must not carry
 * the registry's token). So is `tls`, the repository's CA and client certificate: a client
 * certificate is an identity, and the CA vouches for the repository's host, not for where it sends
 * us (Helm uses both for every host of a pull).
 */
export async function fetchFollowingSafely(url: string, headers: Record<string, string> = {}, tls?: RepositoryTls): Promise<Response> {
  useExtraCaCerts();
  let current = new URL(url);
  const origin = current.origin;
  for (let hop = 0; ; hop++) {
    let response: Response;
    const first = current.origin === origin;
    try {
      response = await fetchWithTls(current, first ? headers : {}, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), first ? tls : undefined);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new UserError(`cannot download ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, {
        hint: tlsFailureHint(cause?.code ?? '', first ? tls : undefined) ?? 'check the URI and your network connection',
      });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) return response;
    await response.body?.cancel();
    if (hop >= MAX_REDIRECTS) throw new UserError(`cannot download ${url}: more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, current);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new UserError(`cannot download ${url}: redirected to ${next.protocol} (${next.href})`, {
        hint: 'registry archives are fetched over https',
      });
    }
    if (next.protocol === 'http:' && (current.protocol === 'https:' || !isLoopbackHost(next.hostname))) {
      throw new UserError(`cannot download ${url}: redirected to plain http (${next.origin}); not followed`, {
        hint: 'only https is allowed except on loopback addresses, and https is never followed to http',
      });
    }
    current = next;
  }
}

function tooLarge(url: string, maxBytes: number): UserError {
  return new UserError(`registry archive ${url} is larger than ${formatBytes(maxBytes)}`, {
    hint: 'archives this large are refused',
  });
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink']);

/**
 * Checks every entry of the archive; throws a UserError naming the first bad one. The archive is
 * inflated as a stream and abandoned at the first problem: the decompressed size (trailing data
 * after the tar end marker included) and the entry count are bounded while reading, so a gzip
 * bomb or a 3 GiB entry costs a few hundred MiB of reading, never of memory or disk.
 */
export async function checkArchive(file: string, label: string, limits: TreeLimits = DEFAULT_LIMITS): Promise<void> {
  const problems: string[] = [];
  const links = new Set<string>();
  let files = 0;
  let bytes = 0;
  const refuse = (message: string) => {
    if (problems.length === 0) problems.push(message);
  };
  // Headers and padding add at most two 512-byte blocks per entry, plus the end marker.
  const maxInflated = limits.maxBytes + (limits.maxFiles + 16) * 2 * 1024 + 64 * 1024;
  let parseError: Error | undefined;
  // tar is loaded when an archive is read, not by every command that loads this module.
  const { Parser } = await importPackage<typeof import('tar')>('tar');
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const raw = entry.path;
      const path = posix.normalize(raw.replace(/^(\.\/)+/, '')).replace(/\/$/, '');
      if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.startsWith('\\')) {
        refuse(`entry ${raw} has an absolute path`);
      } else if (raw.split(/[\\/]/).includes('..')) {
        refuse(`entry ${raw} contains '..'`);
      } else if (!ALLOWED_TYPES.has(entry.type)) {
        refuse(`entry ${raw} is a ${entry.type}, which registries may not contain`);
      } else if ([...links].some((link) => path.startsWith(`${link}/`))) {
        refuse(`entry ${raw} is written through a symlink`);
      } else if (entry.type === 'SymbolicLink') {
        const target = entry.linkpath ?? '';
        if (!linkStaysInside(path, target)) refuse(`symlink ${raw} points outside the archive (${target})`);
        links.add(path);
      }
      if (entry.type !== 'Directory') files++;
      bytes += entry.size ?? 0;
      if (files > limits.maxFiles) refuse(`it has more than ${limits.maxFiles} files`);
      if (bytes > limits.maxBytes) refuse(`it unpacks to more than ${formatBytes(limits.maxBytes)}`);
      entry.resume();
    },
  });
  parser.on('error', (error: Error) => {
    parseError ??= error;
  });
  const source = createReadStream(file);
  const gunzip = createGunzip();
  let inflated = 0;
  try {
    for await (const chunk of source.pipe(gunzip)) {
      inflated += (chunk as Buffer).length;
      if (inflated > maxInflated) refuse(`it unpacks to more than ${formatBytes(limits.maxBytes)}`);
      if (problems.length > 0 || parseError) break;
      parser.write(chunk as Buffer);
      if (problems.length > 0 || parseError) break;
    }
    if (problems.length === 0 && parseError === undefined) {
      const ended = once(parser, 'end');
      parser.end();
      await ended;
    }
  } catch (error) {
    parseError ??= error as Error;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  if (problems.length > 0) {
    throw new UserError(`${label} refused: ${problems[0]}`, {
      hint: 'archives may not write outside their folder; ask the registry owner to fix it',
    });
  }
  if (parseError !== undefined) {
    throw new UserError(`${label} is not a valid .tar.gz archive: ${parseError.message}`, {
      hint: 'check the registry URI',
    });
  }
}

/** Extracts a checked archive into the empty folder `destination`. */
export async function extractArchive(
  file: string,
  destination: string,
  label: string,
  hint = 'check the registry URI',
): Promise<void> {
  await checkArchive(file, label);
  mkdirSync(destination, { recursive: true });
  const { extract } = await importPackage<typeof import('tar')>('tar');
  try {
    await extract({
      file,
      cwd: destination,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      noChmod: true,
      filter: (_path, entry) => ALLOWED_TYPES.has((entry as ReadEntry).type),
    });
  } catch (error) {
    throw new UserError(`${label}: cannot extract: ${(error as Error).message}`, { hint });
  }
}
