// A chart repository's own TLS settings, the files Helm's --ca-file, --cert-file and --key-file
// name (chartfile.yaml's caFile/certFile/keyFile, or the entry `helm repo add` wrote in Helm's
// repositories.yaml): the CA bundle replaces Node's trusted roots for that repository, as Helm's
// x509.NewCertPool does, and the client certificate identifies kf to it. Node's global fetch takes
// no per-request TLS options, so requests that carry them go through node:https with an agent of
// the repository's own; callers send them to the repository's origin only (fetchFollowingSafely).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { Readable } from 'node:stream';
import { createSecureContext } from 'node:tls';
import { UserError, type Location } from '../errors.js';

export type TlsField = 'caFile' | 'certFile' | 'keyFile';

export interface TlsFile {
  field: TlsField;
  /** absolute */
  path: string;
  /** where the field is: chartfile.yaml and its line, or Helm's repositories.yaml */
  location: Location;
}

export interface RepositoryTls {
  /** the files the settings come from, for messages */
  files: TlsFile[];
  agent: Agent;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;
const HINT = 'caFile is a PEM bundle of CA certificates; certFile and keyFile the PEM client certificate and its key';

/**
 * Reads and checks the files (a missing, unreadable or invalid one is an error naming its field
 * and where it is given); undefined when there are none.
 */
export function loadRepositoryTls(files: TlsFile[]): RepositoryTls | undefined {
  if (files.length === 0) return undefined;
  const content = new Map<TlsField, { file: TlsFile; text: string }>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8');
    } catch (error) {
      throw fileError(file, `cannot read ${file.path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    content.set(file.field, { file, text });
  }
  const ca = content.get('caFile');
  const cert = content.get('certFile');
  const key = content.get('keyFile');
  if (ca !== undefined) {
    const certificates = ca.text.match(PEM_CERTIFICATE) ?? [];
    if (certificates.length === 0) throw fileError(ca.file, `${ca.file.path} holds no PEM certificate`);
    for (const pem of certificates)
      try {
        new X509Certificate(pem);
      } catch (error) {
        throw fileError(ca.file, `${ca.file.path} holds a certificate that cannot be read (${(error as Error).message})`);
      }
  }
  if ((cert === undefined) !== (key === undefined)) {
    const given = (cert ?? key)?.file as TlsFile;
    throw fileError(given, `no '${given.field === 'certFile' ? 'keyFile' : 'certFile'}' beside it: a client certificate needs its key`);
  }
  if (cert !== undefined && key !== undefined) {
    try {
      createSecureContext({ cert: cert.text });
    } catch (error) {
      throw fileError(cert.file, `${cert.file.path} is not a PEM certificate (${(error as Error).message})`);
    }
    try {
      createSecureContext({ key: key.text });
    } catch (error) {
      throw fileError(key.file, `${key.file.path} is not a PEM private key without a passphrase (${(error as Error).message})`);
    }
    try {
      createSecureContext({ cert: cert.text, key: key.text });
    } catch (error) {
      throw fileError(key.file, `${key.file.path} is not the key of the certificate in ${cert.file.path} (${(error as Error).message})`);
    }
  }
  const agent = new Agent({ keepAlive: true, ca: ca?.text, cert: cert?.text, key: key?.text });
  return { files, agent };
}

function fileError(file: TlsFile, message: string): UserError {
  return new UserError(`'${file.field}': ${message}`, { location: file.location, hint: HINT });
}

/**
 * A GET as `fetch(url, { redirect: 'manual', headers, signal })`, over the repository's TLS agent
 * when there is one.
 */
export function fetchWithTls(url: URL, headers: Record<string, string>, signal: AbortSignal, tls: RepositoryTls | undefined): Promise<Response> {
  if (tls === undefined || url.protocol !== 'https:') return fetch(url, { redirect: 'manual', headers, signal });
  return httpsGet(url, headers, signal, tls.agent);
}

/**
 * A GET of an https URL with node:https (`agent`: Node's global one), redirects not followed, as a
 * fetch Response. Failures reject as fetch's do (a TypeError whose cause has the code), so callers
 * read both alike; unlike fetch's, the code of a TLS alert the server sent is kept.
 */
export function httpsGet(url: URL, headers: Record<string, string>, signal: AbortSignal, agent?: Agent): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers, signal }, (res) => {
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
      const body = [101, 204, 205, 304].includes(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (body === null) res.resume();
      resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
    });
    req.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
    req.end();
  });
}

/** The certificate of the server is not trusted (Node's and OpenSSL's verification codes). */
export function isUntrustedCertificate(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/.test(code) && !isRefusedByServer(code);
}

/** The server ended the TLS handshake with an alert: it wants, or does not accept, kf's certificate. */
export function isRefusedByServer(code: string): boolean {
  return /^ERR_SSL_.*ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE|CERTIFICATE_UNKNOWN|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE|CERTIFICATE_EXPIRED|DECRYPT_ERROR)$/.test(
    code,
  );
}

/** The hint for a failed TLS connection (Node's error `code`) to a repository with these settings (undefined: none). */
export function tlsFailureHint(code: string, tls: RepositoryTls | undefined): string | undefined {
  const where = (field: TlsField) => {
    const file = tls?.files.find((f) => f.field === field);
    return file === undefined ? undefined : `${file.path} (${formatLocation(file.location)})`;
  };
  if (isUntrustedCertificate(code)) {
    const ca = where('caFile');
    return ca === undefined
      ? "give the repository a caFile (its CA's certificate) in chartfile.yaml, or set NODE_EXTRA_CA_CERTS to it"
      : `the server's certificate is not signed by a CA of caFile ${ca}, which replaces the trusted CAs for this repository`;
  }
  const cert = where('certFile');
  if (isRefusedByServer(code))
    return cert === undefined
      ? 'the server wants a client certificate: give the repository certFile and keyFile in chartfile.yaml (or `helm repo add --cert-file --key-file`)'
      : `the server did not accept the client certificate in certFile ${cert}`;
  // a server that does not trust a client certificate may close the connection without an alert,
  // and fetch reports a closed TLS connection without the alert that closed it
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return cert === undefined
      ? 'the server closed the connection: if it wants a client certificate, give the repository certFile and keyFile in chartfile.yaml'
      : `the server closed the connection: does it accept the client certificate in certFile ${cert}?`;
  return undefined;
}

function formatLocation(location: Location): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}
