import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseRegistryUri } from '../../src/registry/registry-uri.js';

const root = '/apps/demo';

describe('parseRegistryUri', () => {
  it('reads folder paths relative to the app root, absolute paths and file:// URLs', () => {
    expect(parseRegistryUri('./registries/kf', root)).toEqual({ kind: 'folder', path: '/apps/demo/registries/kf' });
    expect(parseRegistryUri('../shared', root)).toEqual({ kind: 'folder', path: '/apps/shared' });
    expect(parseRegistryUri('/srv/reg', root)).toEqual({ kind: 'folder', path: '/srv/reg' });
    expect(parseRegistryUri('file:///srv/reg', root)).toEqual({ kind: 'folder', path: '/srv/reg' });
  });

  it('reads the one git syntax <git-url>//<subdir>?ref=<ref>', () => {
    expect(parseRegistryUri('https://github.com/kubeflow/kubeflow.git//kubeflow?ref=v0.1.0', root)).toEqual({
      kind: 'git',
      url: 'https://github.com/kubeflow/kubeflow.git',
      subdir: 'kubeflow',
      ref: 'v0.1.0',
    });
    expect(parseRegistryUri('file:///tmp/x/repo.git//kubeflow?ref=v1', root)).toEqual({
      kind: 'git',
      url: 'file:///tmp/x/repo.git',
      subdir: 'kubeflow',
      ref: 'v1',
    });
    expect(parseRegistryUri('https://host/org/repo.git', root)).toEqual({ kind: 'git', url: 'https://host/org/repo.git', subdir: '', ref: undefined });
    expect(parseRegistryUri('git@github.com:org/repo.git//a/b?ref=main', root)).toEqual({
      kind: 'git',
      url: 'git@github.com:org/repo.git',
      subdir: 'a/b',
      ref: 'main',
    });
    expect(parseRegistryUri('git+https://host/org/repo//reg?ref=0123abc', root)).toMatchObject({ kind: 'git', url: 'https://host/org/repo', subdir: 'reg' });
  });

  it('reads .tar.gz URLs with an optional sub-folder', () => {
    expect(parseRegistryUri('https://example.com/dl/kubeflow.tar.gz', root)).toEqual({ kind: 'archive', url: 'https://example.com/dl/kubeflow.tar.gz', subdir: '' });
    expect(parseRegistryUri('https://example.com/v1.tgz//kubeflow-1/kubeflow', root)).toEqual({
      kind: 'archive',
      url: 'https://example.com/v1.tgz',
      subdir: 'kubeflow-1/kubeflow',
    });
    expect(parseRegistryUri('builtin:kubeflow', root)).toEqual({ kind: 'builtin', name: 'kubeflow' });
  });

  it('reads a local archive path with an optional sub-folder', () => {
    expect(parseRegistryUri('../dl/r.tar.gz', root)).toEqual({ kind: 'archive', url: 'file:///apps/dl/r.tar.gz', subdir: '' });
    expect(parseRegistryUri('../dl/r.tar.gz//kubeflow-1/kubeflow/', root)).toEqual({
      kind: 'archive',
      url: 'file:///apps/dl/r.tar.gz',
      subdir: 'kubeflow-1/kubeflow',
    });
    expect(parseRegistryUri('/srv/r.tgz//kubeflow', root)).toEqual({ kind: 'archive', url: 'file:///srv/r.tgz', subdir: 'kubeflow' });
    expect(() => parseRegistryUri('./r.tar.gz//../etc', root)).toThrow(/must be a plain relative path/);
  });

  it('allows plain http only on loopback addresses', () => {
    expect(parseRegistryUri('http://127.0.0.1:8080/r.tar.gz', root).kind).toBe('archive');
    expect(parseRegistryUri('http://localhost/r.git', root).kind).toBe('git');
    expect(() => parseRegistryUri('http://example.com/r.tar.gz', root)).toThrow(/plain http:\/\/ is not allowed/);
    expect(() => parseRegistryUri('http://10.0.0.1/repo.git', root)).toThrow(/plain http:\/\/ is not allowed/);
  });

  it.each([
    ['https://example.com/registry', /must be a git repository/],
    ['https://h/r.git//../etc?ref=v1', /must be a plain relative path/],
    ['https://h/r.git//kf?ref=', /needs a tag/],
    ['https://h/r.git//kf?branch=main', /unknown query parameter 'branch'/],
    ['https://h/r.git?ref=--upload-pack=x', /not a valid git ref/],
    ['https://h/r.tar.gz?ref=v1', /only applies to git/],
    ['ftp://h/r.tar.gz', /unsupported scheme/],
    ['builtin:../x', /builtin registry names/],
  ])('refuses %s', (uri, message) => {
    let error: unknown;
    try {
      parseRegistryUri(uri, root);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(message);
  });
});
