import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextScope } from '../../src/registry/install.js';
import { readLock, renderLock } from '../../src/registry/lockfile.js';
import { normalizeRegistryUri } from '../../src/registry/registries.js';
import { tempDir } from '../helpers/run-kf.js';

const pkg = (name: string, extra: Record<string, string> = {}) => ({
  registry: 'r',
  name,
  uri: './reg',
  version: '1.0.0',
  integrity: `sha256:${name}`,
  ...extra,
});

describe('kf.lock', () => {
  it('renders deterministically: keys sorted, fixed field order, no timestamps', () => {
    const a = renderLock({ packages: { 'r/b': pkg('b'), 'r/a': pkg('a', { resolved: 'abc' }) } });
    const b = renderLock({ packages: { 'r/a': { ...pkg('a'), resolved: 'abc' }, 'r/b': pkg('b') } });
    expect(a).toBe(b);
    expect(a.split('\n').slice(1, 12)).toEqual([
      'lockVersion: 1',
      'packages:',
      '  r/a:',
      '    registry: r',
      '    name: a',
      '    uri: ./reg',
      '    version: 1.0.0',
      '    resolved: abc',
      '    integrity: sha256:a',
      '  r/b:',
      '    registry: r',
    ]);
  });

  it('round-trips and reports a damaged entry with its line', () => {
    const root = tempDir('kf-lock-');
    const lock = { packages: { 'r/a': pkg('a', { resolved: 'abc' }) } };
    writeFileSync(join(root, 'kf.lock'), renderLock(lock));
    expect(readLock(root)).toEqual(lock);
    writeFileSync(join(root, 'kf.lock'), 'lockVersion: 1\npackages:\n  r/a:\n    name: a\n');
    expect(() => readLock(root)).toThrow(/packages\.r\/a is incomplete/);
    try {
      readLock(root);
    } catch (error) {
      expect((error as { location?: { line?: number } }).location?.line).toBe(4);
    }
    expect(readLock(tempDir('kf-lock-none-'))).toEqual({ packages: {} });
  });
});

describe('package scope', () => {
  it('widens, never narrows, and a global package stays global', () => {
    const lib = { registry: 'r', name: 'a', version: '1' };
    expect(nextScope(undefined, undefined)).toBeUndefined();
    expect(nextScope(undefined, 'dev')).toEqual(['dev']);
    expect(nextScope(lib, 'dev')).toBeUndefined();
    expect(nextScope({ ...lib, envs: ['prod'] }, 'dev')).toEqual(['dev', 'prod']);
    expect(nextScope({ ...lib, envs: ['dev'] }, 'dev')).toEqual(['dev']);
    expect(nextScope({ ...lib, envs: ['dev'] }, undefined)).toBeUndefined();
  });
});

describe('registry URIs as stored in app.yaml', () => {
  it('stores relative folder paths relative to the app root and leaves other URIs alone', () => {
    expect(normalizeRegistryUri('../reg', '/apps/demo/components', '/apps/demo')).toBe('./reg');
    expect(normalizeRegistryUri('../../reg', '/apps/demo/components', '/apps/demo')).toBe('../reg');
    expect(normalizeRegistryUri('.', '/apps/demo', '/apps/demo')).toBe('.');
    expect(normalizeRegistryUri('/srv/reg', '/x', '/apps/demo')).toBe('/srv/reg');
    expect(normalizeRegistryUri('../../r.tar.gz//kubeflow', '/apps/demo/components', '/apps/demo')).toBe('../r.tar.gz//kubeflow');
    expect(normalizeRegistryUri('r.tgz', '/apps/demo', '/apps/demo')).toBe('./r.tgz');
    expect(normalizeRegistryUri('https://h/r.git//k?ref=v1', '/x', '/apps/demo')).toBe('https://h/r.git//k?ref=v1');
    expect(normalizeRegistryUri('git@h:o/r.git', '/x', '/apps/demo')).toBe('git@h:o/r.git');
    expect(normalizeRegistryUri('builtin:kubeflow', '/x', '/apps/demo')).toBe('builtin:kubeflow');
  });
});
