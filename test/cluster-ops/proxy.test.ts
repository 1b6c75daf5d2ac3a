// Which proxy carries the requests to an API server (src/cluster/proxy.ts): the kubeconfig's
// proxy-url first, else HTTPS_PROXY/HTTP_PROXY unless the server is loopback or NO_PROXY matches,
// read as Go's net/http (and so kubectl) reads them. Pure: nothing is dialled here.
import { describe, expect, it } from 'vitest';
import { noProxyMatches, proxyFor } from '../../src/cluster/proxy.js';
import { isUserError } from '../../src/errors.js';

const env = (vars: Record<string, string>) => ({ env: vars });

describe('proxyFor', () => {
  it('uses the kubeconfig proxy-url for any server, loopback included, over the environment', () => {
    expect(
      proxyFor('https://127.0.0.1:6443', {
        proxyUrl: 'http://127.0.0.1:3128',
        env: { HTTPS_PROXY: 'http://other:1' },
      })?.href,
    ).toBe('http://127.0.0.1:3128/');
  });

  it('uses HTTPS_PROXY (or https_proxy) for https servers and HTTP_PROXY for http ones', () => {
    expect(proxyFor('https://k8s.example.com', env({ HTTPS_PROXY: 'http://p:3128' }))?.host).toBe('p:3128');
    expect(proxyFor('https://k8s.example.com', env({ https_proxy: 'http://q:3128' }))?.host).toBe('q:3128');
    expect(proxyFor('https://k8s.example.com', env({ HTTP_PROXY: 'http://p:3128' }))).toBeUndefined();
    expect(proxyFor('http://k8s.example.com', env({ HTTP_PROXY: 'http://p:3128' }))?.host).toBe('p:3128');
  });

  it('reads a bare host:port as an http proxy', () => {
    expect(proxyFor('https://k8s.example.com', env({ HTTPS_PROXY: 'p:3128' }))?.href).toBe('http://p:3128/');
  });

  it('never sends loopback servers to the environment proxy', () => {
    for (const server of [
      'https://127.0.0.1:6443',
      'https://localhost:6443',
      'https://[::1]:6443',
      'https://127.8.9.10',
    ])
      expect(proxyFor(server, env({ HTTPS_PROXY: 'http://p:3128' })), server).toBeUndefined();
  });

  // proxyFor only decides which proxy a server would use; nothing here connects (the 10.x and
  // other addresses are data).
  it('skips the proxy when NO_PROXY matches', () => {
    const via = (server: string, noProxy: string) =>
      proxyFor(server, env({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: noProxy }))?.host;
    expect(via('https://k8s.example.com', 'example.com')).toBeUndefined();
    expect(via('https://k8s.example.com', '*')).toBeUndefined();
    expect(via('https://10.1.2.3:6443', '10.0.0.0/8')).toBeUndefined();
    expect(via('https://10.1.2.3:6443', '10.1.2.3')).toBeUndefined();
    expect(via('https://k8s.example.com', 'other.com, .example.org')).toBe('p:3128');
    expect(via('https://notexample.com', 'example.com')).toBe('p:3128');
    expect(via('https://11.1.2.3', '10.0.0.0/8')).toBe('p:3128');
  });

  it('reads NO_PROXY entries as Go does: leading dot, port', () => {
    expect(noProxyMatches('.example.com', 'example.com', '443')).toBe(false);
    expect(noProxyMatches('.example.com', 'a.example.com', '443')).toBe(true);
    expect(noProxyMatches('example.com:6443', 'example.com', '443')).toBe(false);
    expect(noProxyMatches('example.com:6443', 'example.com', '6443')).toBe(true);
  });

  it('refuses proxies it cannot speak, in one line', () => {
    let error: unknown;
    try {
      proxyFor('https://k8s.example.com', { proxyUrl: 'socks5://user:secret@p:1080' });
    } catch (e) {
      error = e;
    }
    expect(isUserError(error) && error.message).toBe(
      'proxy-url in the kubeconfig socks5://p:1080: kf supports http and https proxies, not socks5',
    );
  });
});
