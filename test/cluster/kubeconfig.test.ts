// The pure parts of the harness: kubeconfig layout and the token-auth file format.
import { describe, expect, it } from 'vitest';
import { tokenAuthFile } from './credentials.js';
import { buildKubeconfig } from './kubeconfig.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const clusters = [
  { name: 'minikube', server: 'https://127.0.0.1:1001', caPem: pem },
  { name: 'gke', server: 'https://127.0.0.1:1002', caPem: pem },
];

describe('buildKubeconfig', () => {
  it('embeds each CA, names contexts after clusters and adds the restricted context', () => {
    const config = buildKubeconfig({
      clusters,
      admin: { user: 'kf-admin', token: 'a' },
      restricted: { cluster: 'minikube', user: 'kf-restricted', token: 'r', namespace: 'kf-restricted' },
      currentContext: 'minikube',
    }) as any;
    expect(config['current-context']).toBe('minikube');
    expect(config.clusters).toEqual([
      {
        name: 'minikube',
        cluster: {
          server: 'https://127.0.0.1:1001',
          'certificate-authority-data': Buffer.from(pem).toString('base64'),
        },
      },
      {
        name: 'gke',
        cluster: {
          server: 'https://127.0.0.1:1002',
          'certificate-authority-data': Buffer.from(pem).toString('base64'),
        },
      },
    ]);
    expect(config.contexts).toEqual([
      { name: 'minikube', context: { cluster: 'minikube', user: 'kf-admin', namespace: 'default' } },
      { name: 'gke', context: { cluster: 'gke', user: 'kf-admin', namespace: 'default' } },
      {
        name: 'restricted',
        context: { cluster: 'minikube', user: 'kf-restricted', namespace: 'kf-restricted' },
      },
    ]);
    expect(config.users).toEqual([
      { name: 'kf-admin', user: { token: 'a' } },
      { name: 'kf-restricted', user: { token: 'r' } },
    ]);
  });

  it('refuses an unknown current context or restricted cluster', () => {
    const admin = { user: 'kf-admin', token: 'a' };
    expect(() => buildKubeconfig({ clusters, admin, currentContext: 'eks' })).toThrow(
      /unknown current context eks/,
    );
    expect(() =>
      buildKubeconfig({
        clusters,
        admin,
        restricted: { cluster: 'aks', user: 'u', token: 't', namespace: 'n' },
        currentContext: 'minikube',
      }),
    ).toThrow(/unknown cluster aks/);
  });
});

describe('tokenAuthFile', () => {
  it('writes token,user,uid and quotes the group list', () => {
    expect(
      tokenAuthFile([
        { token: 't1', user: 'admin', uid: 'u1', groups: ['system:masters', 'devs'] },
        { token: 't2', user: 'dev', uid: 'u2' },
      ]),
    ).toBe('t1,admin,u1,"system:masters,devs"\nt2,dev,u2\n');
  });
});
