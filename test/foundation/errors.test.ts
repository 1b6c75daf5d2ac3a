import { describe, expect, it } from 'vitest';
import { UserError, closestMatch, didYouMean } from '../../src/errors.js';

describe('UserError', () => {
  it('formats file, line, column and hint on one line', () => {
    const error = new UserError('unknown parameter num_gpu', {
      location: { file: 'components/params.libsonnet', line: 12, column: 5 },
      hint: "did you mean 'num_gpus'?",
    });
    expect(error.format()).toBe(
      "components/params.libsonnet:12:5: unknown parameter num_gpu (did you mean 'num_gpus'?)",
    );
    expect(error.exitCode).toBe(1);
  });

  it('omits the parts it does not have', () => {
    expect(new UserError('boom').format()).toBe('boom');
    expect(new UserError('boom', { location: { file: 'app.yaml' } }).format()).toBe('app.yaml: boom');
    expect(new UserError('boom', { location: { file: 'app.yaml', line: 3 } }).format()).toBe(
      'app.yaml:3: boom',
    );
    expect(new UserError('bad flag', { exitCode: 2 }).exitCode).toBe(2);
  });
});

describe('closestMatch', () => {
  it('suggests near misses and nothing for unrelated names', () => {
    expect(closestMatch('minikub', ['gke', 'minikube', 'default'])).toBe('minikube');
    expect(closestMatch('num_gpu', ['num_gpus', 'num_ps', 'num_workers'])).toBe('num_gpus');
    expect(closestMatch('production', ['gke', 'minikube'])).toBeUndefined();
    expect(didYouMean('gek', ['gke'])).toBe("did you mean 'gke'?");
  });
});
