// A small REST client for one API server: keep-alive connections, TLS verified with the
// kubeconfig's CA, credentials from kubeconfig.ts (tokens, client certs, exec plugins), and
// bounded retries with backoff on 429, 5xx and dropped connections (a connection refused before
// the server ever answered fails at once).
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { ApiError, UnreachableError, type KubeStatus } from './api-error.js';
import { redact } from './proxy.js';
import { useExtraCaCerts } from '../util/extra-ca-certs.js';

export interface RetryPolicy {
  /** total attempts, including the first */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 4000 };

export interface ClientOptions {
  retry?: RetryPolicy;
  /** concurrent connections kept to the server */
  maxSockets?: number;
  requestTimeoutMs?: number;
  /** called before each retry, for progress output */
  onRetry?: (what: string, attempt: number, reason: string) => void;
}

/** What a request needs from the kubeconfig: TLS material and auth headers. */
export interface Credentials {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
  headers: Record<string, string>;
  /** an HTTP(S) proxy the connections are tunnelled through (CONNECT); see proxy.ts */
  proxy?: URL;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  accept?: string;
}

export interface Response<T> {
  status: number;
  body: T;
}

const RETRYABLE_CODES = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'KF_TIMEOUT',
]);

class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class ClusterClient {
  private headers: Record<string, string> = {};
  private agent!: http.Agent;
  private readonly url: URL;
  private readonly retry: RetryPolicy;
  /** whether the server has answered this client at least once */
  private answered = false;
  /** the proxy in use, as printed in errors */
  private proxy?: string;

  private constructor(
    readonly server: string,
    readonly context: string,
    private readonly loadCredentials: () => Promise<Credentials>,
    private readonly options: ClientOptions,
  ) {
    this.url = new URL(server);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** A client for `server`; `loadCredentials` is called now and again when the server answers 401. */
  static async create(
    server: string,
    context: string,
    loadCredentials: () => Promise<Credentials>,
    options: ClientOptions = {},
  ): Promise<ClusterClient> {
    const client = new ClusterClient(server, context, loadCredentials, options);
    await client.refreshCredentials();
    return client;
  }

  private async refreshCredentials(): Promise<void> {
    const credentials = await this.loadCredentials();
    this.headers = credentials.headers;
    this.agent?.destroy();
    const agentOptions = {
      keepAlive: true,
      maxSockets: this.options.maxSockets ?? 16,
      ca: credentials.ca,
      cert: credentials.cert,
      key: credentials.key,
      servername: credentials.servername,
      // TLS is verified unless the kubeconfig itself says insecure-skip-tls-verify.
      rejectUnauthorized: credentials.rejectUnauthorized,
    };
    const { proxy } = credentials;
    this.proxy = proxy && redact(proxy);
    if (this.url.protocol === 'https:') useExtraCaCerts();
    if (proxy)
      this.agent =
        this.url.protocol === 'http:'
          ? new HttpProxyAgent({ ...agentOptions, proxy })
          : new HttpsProxyAgent({ ...agentOptions, proxy });
    else
      this.agent =
        this.url.protocol === 'http:' ? new http.Agent(agentOptions) : new https.Agent(agentOptions);
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.agent?.destroy();
  }

  async request<T = unknown>(spec: RequestSpec): Promise<Response<T>> {
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt++) {
      let retryAfterMs: number | undefined;
      let reason: string;
      try {
        const response = await this.send(spec);
        this.answered = true;
        if (response.status >= 200 && response.status < 300) {
          return {
            status: response.status,
            body: (response.text ? JSON.parse(response.text) : undefined) as T,
          };
        }
        const status = parseStatus(response.text, response.status);
        if (response.status === 401 && !refreshedAuth) {
          // exec-plugin and OIDC tokens expire: fetch fresh credentials once.
          refreshedAuth = true;
          await this.refreshCredentials();
          attempt--;
          continue;
        }
        if (!RETRYABLE_CODES.has(response.status) || attempt >= this.retry.attempts) {
          throw new ApiError(response.status, status, spec.method, spec.path);
        }
        const header = Number(response.retryAfter);
        retryAfterMs = Number.isFinite(header) && header > 0 ? Math.min(header * 1000, 10_000) : undefined;
        reason = `HTTP ${response.status}`;
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error;
        // Nothing listening where the kubeconfig points fails at once, as with kubectl; a server that
        // answered before and now refuses is restarting, and that is worth the retries.
        const neverAnswered = error.code === 'ECONNREFUSED' && !this.answered;
        if (!RETRYABLE_NETWORK.has(error.code) || attempt >= this.retry.attempts || neverAnswered) {
          const via = this.proxy ? ` (through proxy ${this.proxy})` : '';
          throw new UnreachableError(this.server, this.context, `${error.message}${via}`);
        }
        reason = error.message;
      }
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      const delay = retryAfterMs ?? backoff / 2 + Math.random() * (backoff / 2);
      this.options.onRetry?.(`${spec.method} ${spec.path}`, attempt, reason);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  /** The node:http(s) request options and body of `spec`. */
  private prepare(spec: RequestSpec): { options: https.RequestOptions; body?: string } {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) query.set(key, value);
    const qs = query.toString();
    const basePath = this.url.pathname.replace(/\/$/, '');
    const body =
      spec.body === undefined
        ? undefined
        : typeof spec.body === 'string'
          ? spec.body
          : JSON.stringify(spec.body);
    const headers: Record<string, string> = {
      ...this.headers,
      Accept: spec.accept ?? 'application/json',
      'User-Agent': 'kf',
    };
    if (body !== undefined) {
      headers['Content-Type'] = spec.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const options: https.RequestOptions = {
      agent: this.agent,
      method: spec.method,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || (this.url.protocol === 'http:' ? 80 : 443),
      path: `${basePath}${spec.path}${qs ? `?${qs}` : ''}`,
      headers,
    };
    return { options, body };
  }

  /**
   * Streams a watch (GET `path` with `watch=true` and `query`) and hands each event to `onEvent`
   * until it returns true, the server ends the watch (its `timeoutSeconds`) or `timeoutMs` passes.
   * Resolves true when `onEvent` stopped it. No retries: a caller falls back to polling on error.
   */
  watch(
    path: string,
    query: Record<string, string | undefined>,
    onEvent: (event: { type: string; object: Record<string, unknown> }) => boolean,
    timeoutMs: number,
  ): Promise<boolean> {
    const { options } = this.prepare({ method: 'GET', path, query: { ...query, watch: 'true' } });
    const transport = this.url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (value: boolean | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        request.destroy();
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const request = transport.request(options, (response) => {
        if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const code = response.statusCode ?? 0;
            finish(
              new ApiError(code, parseStatus(Buffer.concat(chunks).toString('utf8'), code), 'GET', path),
            );
          });
          return;
        }
        let pending = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          pending += chunk;
          for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line === '' || settled) continue;
            try {
              if (onEvent(JSON.parse(line) as { type: string; object: Record<string, unknown> }))
                finish(true);
            } catch (error) {
              finish(error instanceof Error ? error : new Error(String(error)));
            }
          }
        });
        response.on('end', () => finish(false));
        response.on('error', (error) => finish(new NetworkError(error.message, 'ECONNRESET')));
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (!settled) finish(tlsOrNetworkError(error, error.code ?? 'ECONNRESET'));
      });
      request.end();
    });
  }

  private send(spec: RequestSpec): Promise<{ status: number; text: string; retryAfter?: string }> {
    const { options, body } = this.prepare(spec);
    const transport = this.url.protocol === 'http:' ? http : https;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        { ...options, timeout: this.options.requestTimeoutMs ?? 60_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error: NodeJS.ErrnoException) =>
            reject(new NetworkError(error.message, error.code ?? 'ECONNRESET')),
          );
          response.on('aborted', () =>
            reject(new NetworkError('connection dropped while reading the response', 'ECONNRESET')),
          );
          response.on('end', () => {
            if (!response.complete) {
              reject(new NetworkError('connection dropped while reading the response', 'ECONNRESET'));
              return;
            }
            const retryAfter = response.headers['retry-after'];
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
            });
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('request timed out'), { code: 'KF_TIMEOUT' })),
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? (/socket hang up/.test(error.message) ? 'ECONNRESET' : 'UNKNOWN');
        reject(tlsOrNetworkError(error, code));
      });
      request.end(body);
    });
  }
}

function tlsOrNetworkError(error: NodeJS.ErrnoException, code: string): NetworkError {
  // Certificate problems are not retried: they will not fix themselves.
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return new NetworkError(
      `TLS verification failed: ${error.message} (check certificate-authority in the kubeconfig)`,
      'TLS',
    );
  }
  return new NetworkError(`${error.message}`, code);
}

function parseStatus(text: string, code: number): KubeStatus {
  try {
    const parsed = JSON.parse(text) as KubeStatus;
    if (parsed && typeof parsed === 'object') return parsed;
  } catch {
    // not JSON (proxies, load balancers): keep the text
  }
  return { code, message: text.trim().split('\n')[0] || `HTTP ${code}` };
}
