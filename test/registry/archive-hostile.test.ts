// Hostile archives and downloads from issue 17: a gzip bomb (a small download inflating to far
// more than the limit, after the tar end marker), an entry declaring 3 GiB, and an https URL
// redirecting to plain http. Each is refused while streaming / before the request is sent.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkArchive, extractArchive } from '../../src/registry/archive.js';
import { runKf, tempDir } from '../helpers/run-kf.js';
import { makeApp } from './helpers.js';
import { tarGz } from './tar-builder.js';
import { selfSignedCert } from '../helpers/self-signed-cert.js';

/** A .tar.gz holding `tar` then `trailing` zero bytes, compressed as one stream (about 1000:1). */
function gzipWithTrailingZeros(tar: Buffer, trailing: number): Buffer {
  return gzipSync(Buffer.concat([tar, Buffer.alloc(trailing)]), { level: 9 });
}

describe('hostile archives are refused while streaming', () => {
  it('a gzip bomb (data after the tar end marker) stops at the inflated-size limit', async () => {
    const dir = tempDir('kf-bomb-');
    const tar = gunzipSync(tarGz([{ path: 'reg/registry.yaml', type: 'file', content: 'kind: x\n' }]));
    const file = join(dir, 'bomb.tar.gz');
    writeFileSync(file, gzipWithTrailingZeros(tar, 16 * 1024 * 1024));
    expect(readFileSync(file).length).toBeLessThan(64 * 1024);
    const limits = { maxFiles: 100, maxBytes: 1024 * 1024 };
    const started = Date.now();
    const error = await checkArchive(file, 'registry archive bomb', limits).catch((e: Error) => e);
    expect(error?.message).toBe('registry archive bomb refused: it unpacks to more than 1 MiB');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('an entry declaring 3 GiB is refused at its header, without reading it', async () => {
    const dir = tempDir('kf-huge-');
    const gz = tarGz([{ path: 'reg/big.bin', type: 'file', content: 'x' }]);
    const tar = gunzipSync(gz);
    // rewrite the size field (octal, 12 bytes at 124) and the checksum
    tar.write((3 * 1024 ** 3).toString(8).padStart(11, '0') + '\0', 124, 12, 'latin1');
    tar.write('        ', 148, 8, 'latin1');
    let sum = 0;
    for (const byte of tar.subarray(0, 512)) sum += byte;
    tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
    const file = join(dir, 'huge.tar.gz');
    writeFileSync(file, gzipWithTrailingZeros(tar, 8 * 1024 * 1024));
    const started = Date.now();
    const error = await checkArchive(file, 'registry archive huge').catch((e: Error) => e);
    expect(error?.message).toBe('registry archive huge refused: it unpacks to more than 200 MiB');
    expect(Date.now() - started).toBeLessThan(10_000);
    // extraction checks the whole archive first, so nothing is written
    const dest = join(dir, 'out');
    await expect(extractArchive(file, dest, 'registry archive huge')).rejects.toThrow(/unpacks to more than/);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('https is never followed to http', () => {
  it('a redirect from https to plain http is refused before the http request is sent', async () => {
    const { key, cert } = selfSignedCert('IP:127.0.0.1');
    const dir = tempDir('kf-tls-');
    writeFileSync(join(dir, 'cert.pem'), cert);
    const plainRequests: string[] = [];
    const plain = createHttpServer((req, res) => {
      plainRequests.push(req.url ?? '');
      res.end('leaked');
    });
    const tls = createHttpsServer(
      { key, cert },
      (_req, res) => {
        const port = (plain.address() as AddressInfo).port;
        res.writeHead(302, { location: `http://127.0.0.1:${port}/registry.tar.gz?token=secret` }).end();
      },
    );
    await listen(plain);
    await listen(tls);
    try {
      const root = makeApp();
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/registry.tar.gz`;
      const result = await runKf(['registry', 'add', 'evil', url], {
        cwd: root,
        env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
      });
      expect(result.stderr).toMatch(/^kf: cannot download .*: redirected to plain http \(http:\/\/127\.0\.0\.1:\d+\); not followed/);
      expect(result.exitCode).toBe(1);
      expect(plainRequests).toEqual([]);
    } finally {
      tls.close();
      plain.close();
    }
  }, 120_000);
});

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
}
