import { describe, expect, it } from 'vitest';
import {
  complete,
  type CommandInfo,
  type CompletionData,
  type ValueKind,
} from '../../src/completion/complete.js';

const commands: CommandInfo[] = [
  {
    id: 'apply',
    args: ['env'],
    flags: [
      { name: 'component', char: 'c', takesValue: true },
      { name: 'dry-run', takesValue: true, options: ['none', 'client', 'server'] },
      { name: 'prune', takesValue: false },
    ],
  },
  { id: 'diff', args: ['env', 'other'], flags: [] },
  { id: 'env:set', args: ['env'], flags: [{ name: 'components', takesValue: true }] },
  { id: 'generate', args: [], flags: [] },
  { id: 'export', args: [], flags: [] },
  { id: 'param:set', args: ['component', 'param', 'value'], flags: [{ name: 'env', takesValue: true }] },
  { id: 'param:diff', args: ['env1', 'env2'], flags: [] },
  { id: 'pkg:install', args: ['package'], flags: [] },
  { id: 'pkg:rm', args: ['package'], flags: [] },
  { id: 'prototype:describe', args: ['prototype'], flags: [] },
  { id: 'prototype:preview', args: [], flags: [] },
  { id: 'prototype:use', args: [], flags: [] },
  { id: 'registry:add', args: ['name', 'uri'], flags: [] },
  { id: 'registry:rm', args: ['name'], flags: [] },
];

const values: Record<ValueKind, string[]> = {
  environment: ['gke', 'minikube', 'us-west/staging'],
  component: ['cnn', 'kubeflow-core'],
  prototype: ['tf-cnn', 'tf-job', 'core'],
  package: ['kubeflow/core', 'kubeflow/tf-job'],
  'installed-package': ['kubeflow/core'],
  registry: ['kubeflow'],
  'builtin-registry': ['kubeflow'],
};
const data: CompletionData = {
  values: (kind) => values[kind],
  prototypeParams: (prototype) => (prototype === 'tf-cnn' ? ['name', 'num_gpus', 'num_ps'] : []),
};
const c = (...words: string[]) => complete(words, commands, data);

describe('completion', () => {
  it('completes commands and topics, then the commands of a topic', () => {
    expect(c('')).toEqual([
      'apply',
      'diff',
      'env',
      'export',
      'generate',
      'param',
      'pkg',
      'prototype',
      'registry',
    ]);
    expect(c('p')).toEqual(['param', 'pkg', 'prototype']);
    expect(c('prototype', '')).toEqual(['describe', 'preview', 'use']);
    expect(c('param', 's')).toEqual(['set']);
  });

  it('completes environment names where a command takes an environment', () => {
    expect(c('apply', '')).toEqual(['gke', 'minikube', 'us-west/staging']);
    expect(c('apply', 'g')).toEqual(['gke']);
    expect(c('diff', 'gke', 'm')).toEqual(['minikube']);
    expect(c('param', 'diff', 'gke', '')).toEqual(['gke', 'minikube', 'us-west/staging']);
    expect(c('export', 'gke', 'mini')).toEqual(['minikube']);
    // apply takes one environment
    expect(c('apply', 'gke', '')).toEqual([]);
  });

  it('completes components, prototypes, packages and registries', () => {
    expect(c('param', 'set', '')).toEqual(['cnn', 'kubeflow-core']);
    expect(c('generate', 'tf')).toEqual(['tf-cnn', 'tf-job']);
    expect(c('prototype', 'use', '')).toEqual(['core', 'tf-cnn', 'tf-job']);
    expect(c('prototype', 'preview', 'c')).toEqual(['core']);
    expect(c('prototype', 'describe', 'tf-c')).toEqual(['tf-cnn']);
    expect(c('pkg', 'install', 'kubeflow/')).toEqual(['kubeflow/core', 'kubeflow/tf-job']);
    expect(c('pkg', 'install', 'kubeflow/core', 'kubeflow/t')).toEqual(['kubeflow/tf-job']);
    expect(c('pkg', 'rm', '')).toEqual(['kubeflow/core']);
    expect(c('registry', 'add', '')).toEqual(['kubeflow']);
    expect(c('registry', 'rm', 'k')).toEqual(['kubeflow']);
  });

  it('completes flags and their values, skipping flags when counting arguments', () => {
    expect(c('apply', '--')).toEqual(['--component', '--dry-run', '--help', '--prune']);
    expect(c('apply', '--d')).toEqual(['--dry-run']);
    expect(c('apply', '-c', '')).toEqual(['cnn', 'kubeflow-core']);
    expect(c('apply', '--component', 'k')).toEqual(['kubeflow-core']);
    // env set --components: a comma-separated list, each name once, !names after a !name
    expect(c('env', 'set', 'gke', '--components', '')).toEqual(['cnn', 'kubeflow-core']);
    expect(c('env', 'set', 'gke', '--components', 'cnn,')).toEqual(['cnn,kubeflow-core']);
    expect(c('env', 'set', 'gke', '--components', '!')).toEqual(['!cnn', '!kubeflow-core']);
    expect(c('env', 'set', 'gke', '--components', '!cnn,')).toEqual(['!cnn,!kubeflow-core']);
    expect(c('env', 'set', 'gke', '--components', 'cnn,kubeflow-core,')).toEqual([]);
    expect(c('apply', '--dry-run', '')).toEqual(['client', 'none', 'server']);
    expect(c('apply', '--dry-run=s')).toEqual(['--dry-run=server']);
    expect(c('param', 'set', '--env', 'gke', '')).toEqual(['cnn', 'kubeflow-core']);
    expect(c('param', 'set', '--env=', '')).toEqual(['cnn', 'kubeflow-core']);
    expect(c('apply', '--prune', '')).toEqual(['gke', 'minikube', 'us-west/staging']);
  });

  it("completes generate's and preview's own flags, and the prototype's parameters once it is named", () => {
    expect(c('generate', '--')).toEqual(['--dry-run', '--help', '--values-file']);
    expect(c('generate', 'tf-cnn', 'cnn', '--')).toEqual([
      '--dry-run',
      '--help',
      '--name',
      '--num_gpus',
      '--num_ps',
      '--values-file',
    ]);
    expect(c('prototype', 'use', 'tf-cnn', 'cnn', '--num_gpus=1', '--num')).toEqual([
      '--num_gpus',
      '--num_ps',
    ]);
    expect(c('prototype', 'preview', 'tf-cnn', '--')).toEqual(['--help', '--name', '--num_gpus', '--num_ps']);
    expect(c('generate', 'core', 'x', '--')).toEqual(['--dry-run', '--help', '--values-file']);
  });

  it("follows bash's split of --flag=value into three words", () => {
    expect(c('param', 'set', '--env', '=', 'g')).toEqual(['gke']);
    expect(c('param', 'set', '--env', '=')).toEqual(['gke', 'minikube', 'us-west/staging']);
  });

  it('offers nothing for unknown commands and free-form arguments (the shell completes files)', () => {
    expect(c('nope', '')).toEqual([]);
    expect(c('export', 'g')).toEqual(['gke']);
    expect(c('export', '--all', '')).toEqual([]);
    expect(c('registry', 'add', 'kubeflow', '')).toEqual([]);
  });
});
