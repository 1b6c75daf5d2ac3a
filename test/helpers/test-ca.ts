// A throwaway certificate authority for test servers that want client certificates (EC P-256, one
// day), made with openssl: the CA, then server and client certificates it signs, as PEM files.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestCa {
  /** the CA's certificate and key files */
  cert: string;
  key: string;
  /** a certificate this CA signs: `usage` server (with `subjectAltName`, e.g. `IP:127.0.0.1`) or client */
  issue(name: string, usage: 'server' | 'client', subjectAltName?: string): { cert: string; key: string };
}

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A CA named `name`, its files in `dir` (`<name>.pem`, `<name>.key`, and those of what it issues). */
export function testCa(dir: string, name: string): TestCa {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  openssl(
    'req',
    '-x509',
    ...EC,
    '-days',
    '1',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    key,
    '-out',
    cert,
  );
  return {
    cert,
    key,
    issue(issued, usage, subjectAltName) {
      const out = { cert: join(dir, `${issued}.pem`), key: join(dir, `${issued}.key`) };
      const csr = join(dir, `${issued}.csr`);
      const extensions = join(dir, `${issued}.ext`);
      openssl('req', ...EC, '-subj', `/CN=${issued}`, '-keyout', out.key, '-out', csr);
      writeFileSync(
        extensions,
        [
          'basicConstraints=CA:FALSE',
          `extendedKeyUsage=${usage === 'server' ? 'serverAuth' : 'clientAuth'}`,
          ...(subjectAltName === undefined ? [] : [`subjectAltName=${subjectAltName}`]),
        ].join('\n'),
      );
      openssl(
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        cert,
        '-CAkey',
        key,
        '-CAcreateserial',
        '-days',
        '1',
        '-extfile',
        extensions,
        '-out',
        out.cert,
      );
      return out;
    },
  };
}
