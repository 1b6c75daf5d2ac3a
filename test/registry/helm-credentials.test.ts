// Where kf finds the logins Helm stores, and how it reads them (the end-to-end use, with helm
// writing the files, is in charts.test.ts and oci-charts.test.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registryCredentials, repositoryConfigFile, repositorySettings } from '../../src/registry/helm-credentials.js';
import { tempDir } from '../helpers/run-kf.js';
import { userErrorOf } from '../helpers/user-error.js';

const VARS = ['HELM_CONFIG_HOME', 'HELM_REPOSITORY_CONFIG', 'HELM_REGISTRY_CONFIG', 'XDG_CONFIG_HOME'];
let saved: Record<string, string | undefined>;
let home: string;

beforeEach(() => {
  saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  for (const v of VARS) delete process.env[v];
  home = tempDir('kf-helm-creds-');
});
afterEach(() => {
  for (const v of VARS) if (saved[v] === undefined) delete process.env[v];
  else process.env[v] = saved[v];
});

describe("Helm's stored logins", () => {
  it('finds repositories.yaml where Helm does: $HELM_REPOSITORY_CONFIG, $HELM_CONFIG_HOME, $XDG_CONFIG_HOME/helm', () => {
    process.env.XDG_CONFIG_HOME = join(home, 'xdg');
    expect(repositoryConfigFile()).toBe(join(home, 'xdg', 'helm', 'repositories.yaml'));
    process.env.HELM_CONFIG_HOME = join(home, 'helm');
    expect(repositoryConfigFile()).toBe(join(home, 'helm', 'repositories.yaml'));
    process.env.HELM_REPOSITORY_CONFIG = join(home, 'repos.yaml');
    expect(repositoryConfigFile()).toBe(join(home, 'repos.yaml'));
  });

  it('matches a repository by URL (trailing slash aside); reads its CA and client certificate files, relative ones as helm does (working directory)', () => {
    process.env.HELM_REPOSITORY_CONFIG = join(home, 'repositories.yaml');
    writeFileSync(
      process.env.HELM_REPOSITORY_CONFIG,
      [
        'repositories:',
        '  - { name: other-name, url: "https://charts.example.com/stable/", username: u, password: p }',
        '  - { name: anon, url: "https://public.example.com", username: "", password: "" }',
        '  - { name: mtls, url: "https://mtls.example.com", caFile: "", certFile: /etc/c.pem, keyFile: k.pem }',
      ].join('\n'),
    );
    const file = process.env.HELM_REPOSITORY_CONFIG;
    expect(repositorySettings('https://charts.example.com/stable')).toEqual({ credentials: { username: 'u', password: 'p', file }, tlsFiles: [] });
    expect(repositorySettings('https://charts.example.com')).toEqual({ tlsFiles: [] });
    expect(repositorySettings('https://public.example.com')).toEqual({ tlsFiles: [] });
    expect(repositorySettings('https://mtls.example.com')).toEqual({
      tlsFiles: [
        { field: 'certFile', path: '/etc/c.pem', location: { file } },
        { field: 'keyFile', path: join(process.cwd(), 'k.pem'), location: { file } },
      ],
    });
  });

  it('reads registry logins by host, as auth or user and password; Docker Hub under its index name', () => {
    process.env.HELM_CONFIG_HOME = join(home, 'helm');
    mkdirSync(join(home, 'helm', 'registry'), { recursive: true });
    const file = join(home, 'helm', 'registry', 'config.json');
    const auth = (s: string) => Buffer.from(s).toString('base64');
    writeFileSync(
      file,
      JSON.stringify({
        auths: {
          'ghcr.io': { auth: auth('me:tok:en') },
          'https://registry.example.com:5000/v1/': { username: 'u', password: 'p' },
          'https://index.docker.io/v1/': { auth: auth('hub:pw') },
          'helper.example.com': {},
        },
        credsStore: 'desktop',
      }),
    );
    expect(registryCredentials('ghcr.io')).toEqual({ username: 'me', password: 'tok:en', file });
    expect(registryCredentials('registry.example.com:5000')).toEqual({ username: 'u', password: 'p', file });
    expect(registryCredentials('registry-1.docker.io')).toEqual({ username: 'hub', password: 'pw', file });
    expect(registryCredentials('helper.example.com')).toBeUndefined();
    expect(registryCredentials('quay.io')).toBeUndefined();
    writeFileSync(file, '{\n  not json');
    const start = `${file}:2:3: not JSON: `;
    expect(userErrorOf(() => registryCredentials('ghcr.io')).slice(0, start.length)).toBe(start);
  });
});
