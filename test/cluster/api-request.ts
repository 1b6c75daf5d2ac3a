// One JSON request to a test apiserver over verified TLS with a bearer token. Used by the
// harness and the pod agent, which must not depend on more than node:https; refuses anything
// but a loopback server.
import { request as httpsRequest } from 'node:https';

export interface ApiTarget {
  server: string;
  caPem: string;
  token: string;
}

export class ApiStatusError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

export function apiRequest<T>(
  target: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<T> {
  const url = new URL(path, target.server);
  if (url.hostname !== '127.0.0.1')
    return Promise.reject(new Error(`refusing to contact ${url.host}: loopback only`));
  return new Promise<T>((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        ca: target.caPem,
        timeout: 10_000,
        headers: {
          authorization: `Bearer ${target.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 500;
          if (code >= 300)
            reject(new ApiStatusError(`${method} ${path}: ${code} ${text.slice(0, 300)}`, code));
          else resolve((text ? JSON.parse(text) : undefined) as T);
        });
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timeout`)));
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}
