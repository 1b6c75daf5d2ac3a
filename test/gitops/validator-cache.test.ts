// The on-disk cache of compiled schema validators (src/render/validator-cache.ts): a validator
// read back from it reports exactly what the freshly compiled one does, a hit compiles nothing,
// and a damaged entry or a changed schema is compiled again.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject } from '../../src/kube-object.js';
import { forgetValidators, formatProblem, validateObjects } from '../../src/render/validate.js';
import { crdWithSpec } from './crd.js';

const barCrd = (maximum: number): KubeObject =>
  crdWithSpec('example.org', 'Bar', {
    type: 'object',
    required: ['size'],
    properties: {
      size: { type: 'integer', maximum },
      tier: { type: 'string', enum: ['gold', 'silver'] },
    },
  });

/** Objects with problems of many kinds: types, enums, unknown fields, required fields, bounds. */
const objects: KubeObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'ml' },
    spec: {
      replicas: 'two',
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            { name: 'main', image: 'nginx', imagePullPolicy: 'Sometimes', ports: [{ containerPrt: 80 }] },
            { image: 'sidecar' },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'ml' },
    spec: { ports: [{ port: '80' }], type: 'Balanced' },
  },
  {
    apiVersion: 'example.org/v1',
    kind: 'Bar',
    metadata: { name: 'b', namespace: 'ml' },
    spec: { size: 9, tier: 'bronze', colour: 'red' },
  },
  {
    apiVersion: 'example.org/v1',
    kind: 'Bar',
    metadata: { name: 'c', namespace: 'ml' },
    spec: { tier: 'gold' },
  },
];

let cacheDir: string;
const entries = () =>
  readdirSync(cacheDir)
    .filter((f) => f.endsWith('.cjs'))
    .sort();
const run = (maximum = 5, dir: string | undefined = cacheDir) => {
  // Each run as a new process would make it: no validators compiled in memory.
  forgetValidators();
  return validateObjects(objects, { crds: [barCrd(maximum)], environment: 'dev', cacheDir: dir }).map(
    formatProblem,
  );
};

beforeEach(() => {
  cacheDir = join(mkdtempSync(join(tmpdir(), 'kf-validators-')), 'validators');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(join(cacheDir, '..'), { recursive: true, force: true });
});

describe('compiled validators on disk', () => {
  it('report exactly what freshly compiled ones do, and a hit compiles nothing', () => {
    const compiled = run(5, undefined);
    expect(compiled.length).toBeGreaterThanOrEqual(8);
    expect(compiled.join('\n')).toMatch(/spec\.replicas: .*integer/);
    expect(compiled.join('\n')).toMatch(/containerPrt/);
    expect(compiled.join('\n')).toMatch(/Bar ml\/b: spec\.size: .*5/);

    expect(run()).toEqual(compiled); // compiled, then stored
    expect(entries()).toHaveLength(3); // Deployment, Service, Bar

    const compile = vi.spyOn(Ajv.prototype, 'compile');
    expect(run()).toEqual(compiled);
    expect(compile).not.toHaveBeenCalled();
  });

  it('compiles again over a damaged entry, and a changed schema gets an entry of its own', () => {
    const compiled = run(5, undefined);
    run();
    for (const e of entries()) writeFileSync(join(cacheDir, e), 'not JavaScript {');
    expect(run()).toEqual(compiled);
    expect(entries()).toHaveLength(3);
    for (const e of entries()) expect(readFileSync(join(cacheDir, e), 'utf8')).toContain('module.exports');
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    expect(run()).toEqual(compiled);
    expect(compile).not.toHaveBeenCalled();

    const before = new Set(entries());
    const wider = run(50);
    expect(wider).not.toEqual(compiled); // size 9 is within the new maximum
    expect(wider.join('\n')).not.toMatch(/Bar ml\/b: spec\.size/);
    expect(entries().filter((e) => !before.has(e))).toHaveLength(1);
    expect(compile).toHaveBeenCalledTimes(1); // the changed CRD's validator only
  });
});
