// NODE_EXTRA_CA_CERTS for kf's own TLS connections, read on the first one instead of at start-up.
// Node reads that file, and builds its store of bundled root certificates, before it runs any
// JavaScript, on every start: with a system bundle set there (~140 certificates, as corporate and
// CI machines often do) that is ~40 ms, a third of what a small command costs. Started as `kf`,
// bin/run.js is a /bin/sh line first, which moves the variable aside so Node does not read it;
// bin/run.js then puts it back for child processes (git, credential plugins) and leaves the file
// name here, for useExtraCaCerts to apply before kf connects anywhere itself.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SecureContextOptions } from 'node:tls';

/** Where bin/run.js leaves the deferred file name (a process-wide symbol: bin/run.js is not a module of dist/). */
const DEFERRED = Symbol.for('kf.extraCaCerts');
const PEM = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

type Tls = typeof import('node:tls');

/**
 * Makes the certificates Node would have added from NODE_EXTRA_CA_CERTS trusted by every TLS
 * context made without its own `ca` (with one, Node uses neither its bundled nor the extra
 * certificates, and neither does this). Does nothing when Node read the variable itself.
 */
export function useExtraCaCerts(): void {
  const holder = globalThis as Record<symbol, unknown>;
  const file = holder[DEFERRED];
  if (typeof file !== 'string') return;
  holder[DEFERRED] = undefined;
  let extra: string[];
  try {
    extra = readFileSync(file, 'utf8').match(PEM) ?? [];
  } catch (error) {
    // Node's own warning for a file it cannot read (kf goes on, as Node does).
    process.emitWarning(`Ignoring extra certs from \`${file}\`, load failed: ${(error as Error).message}`);
    return;
  }
  const tls = ((process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.('node:tls') ??
    createRequire(import.meta.url)('node:tls')) as Tls;
  const ca = [...tls.rootCertificates, ...extra];
  const create = tls.createSecureContext;
  // https, fetch and every agent reach TLS contexts through this function of node:tls.
  tls.createSecureContext = (options?: SecureContextOptions) =>
    create(options?.ca === undefined ? { ...options, ca } : options);
}
