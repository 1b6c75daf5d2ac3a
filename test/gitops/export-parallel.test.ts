import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { compareRenders, deserializeError, serializeError } from '../../src/render/export-job.js';
import { runJobs } from '../../src/render/export-parallel.js';
import type { RenderedObject } from '../../src/kube-object.js';
import { fixtureApp } from './fixture.js';

const cm = (name: string, data: Record<string, string>): RenderedObject => ({
  component: 'c',
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data },
});

describe('parallel rendering', () => {
  it('renders environments on worker threads with the same result as in-process', async () => {
    const root = fixtureApp();
    const jobs = ['dev', 'prod', 'dev'].map((env) => ({
      root,
      env,
      objects: true,
      template: '{env}/{name}.yaml',
    }));
    const inProcess = await runJobs(jobs, 1);
    const arrived: string[] = [];
    const workers = await runJobs(jobs, 2, (r) => arrived.push(r.env), { callerRenders: false });
    const mixed = await runJobs(jobs, 2);
    expect(arrived.sort()).toEqual(['dev', 'dev', 'prod']);
    for (const results of [workers, mixed]) {
      expect(results.map((r) => r.env)).toEqual(['dev', 'prod', 'dev']);
      expect(results.map((r) => r.files)).toEqual(inProcess.map((r) => r.files));
      expect(results.map((r) => r.objects)).toEqual(inProcess.map((r) => r.objects));
    }
    expect(workers[1].objects?.find((o) => o.object.kind === 'Deployment')?.object.spec).toMatchObject({
      replicas: 3,
    });
  });

  it('brings a user error from a worker back as a UserError', async () => {
    const root = fixtureApp({
      'components/bad.jsonnet':
        "{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: error 'boom' }\n",
    });
    const jobs = ['dev', 'prod'].map((env) => ({ root, env, objects: true }));
    for (const callerRenders of [false, true]) {
      const reported: string[] = [];
      const failure = await runJobs(jobs, 2, (r) => reported.push(r.env), { callerRenders }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(UserError);
      expect((failure as UserError).format()).toMatch(/boom/);
      expect(reported).toEqual([]);
    }
  });

  it('keeps the class and fields of errors crossing the boundary', () => {
    const error = deserializeError(
      serializeError(
        new UserError('bad', { location: { file: 'a.jsonnet', line: 3 }, hint: 'fix it', exitCode: 3 }),
      ),
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toBe('a.jsonnet:3: bad (fix it)');
    expect((error as UserError).exitCode).toBe(3);
  });
});

describe('nondeterminism check', () => {
  it('finds nothing when two renders are identical', () => {
    expect(compareRenders([cm('a', { x: '1' })], [cm('a', { x: '1' })])).toEqual([]);
  });

  it('names objects whose bytes differ between renders, or that appear in one render only', () => {
    expect(compareRenders([cm('a', { x: '1' }), cm('b', {})], [cm('a', { x: '2' }), cm('c', {})])).toEqual([
      'c: v1 ConfigMap ns/a',
      'c: v1 ConfigMap ns/b',
      'c: v1 ConfigMap ns/c',
    ]);
  });

  it('reports a different object order', () => {
    expect(compareRenders([cm('a', {}), cm('b', {})], [cm('b', {}), cm('a', {})])).toEqual([
      '(object order differs between renders)',
    ]);
  });
});
