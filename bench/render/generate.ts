// Generates the render benchmark's inputs: a kf app of N components × 5 environments and the
// equivalent Tanka project. Every component is a Deployment + Service + ConfigMap built by one
// shared library (lib/bench.libsonnet, identical in both) that uses `%` formatting; environments
// override parameters per component. Both trees must render exactly the same objects.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENVIRONMENTS_BASE, environmentMain } from '../../src/app/scaffold.js';

export const ENVIRONMENTS = ['dev', 'staging', 'prod-us', 'prod-eu', 'prod-asia'];

const namespaceOf = (env: string): string => `bench-${env}`;
const componentName = (i: number): string => `svc-${String(i).padStart(4, '0')}`;

// The shared library: `%` formatting in names, URLs, resource quantities and config files.
const LIBRARY = `// Shared by every component: one Deployment, Service and ConfigMap per component.
{
  labels(p, env):: { app: p.name, env: env, tier: p.tier, version: p.tag },

  configMap(p, env, namespace):: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: '%s-config' % p.name, namespace: namespace, labels: $.labels(p, env) },
    data: {
      'app.properties': std.join('\\n', ['%s=%s' % [k, p.config[k]] for k in std.objectFields(p.config)]) + '\\n',
      ENDPOINT: 'http://%(name)s.%(ns)s.svc.cluster.local:%(port)d' % { name: p.name, ns: namespace, port: p.port },
      INSTANCE_ID: '%s-%05d' % [env, p.index],
      RATIO: '%.3f' % (p.index / 7),
      OWNER: '%-10s|' % p.owner,
    },
  },

  deployment(p, env, namespace):: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: p.name, namespace: namespace, labels: $.labels(p, env) },
    spec: {
      replicas: p.replicas,
      selector: { matchLabels: { app: p.name } },
      template: {
        metadata: {
          labels: $.labels(p, env),
          annotations: { 'checksum/config': std.md5(std.manifestJsonEx($.configMap(p, env, namespace).data, '')) },
        },
        spec: {
          containers: [{
            name: 'main',
            image: '%s:%s' % [p.image, p.tag],
            args: ['--port=%d' % p.port, '--log-level=%s' % p.logLevel, '--env=%s' % env],
            ports: [{ name: 'http', containerPort: p.port }],
            env: [{ name: k, valueFrom: { configMapKeyRef: { name: '%s-config' % p.name, key: k } } } for k in ['ENDPOINT', 'INSTANCE_ID']],
            resources: {
              requests: { cpu: '%dm' % p.cpu, memory: '%dMi' % p.memory },
              limits: { cpu: '%dm' % (2 * p.cpu), memory: '%dMi' % (2 * p.memory) },
            },
          }],
        },
      },
    },
  },

  service(p, env, namespace):: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: p.name, namespace: namespace, labels: $.labels(p, env) },
    spec: { selector: { app: p.name }, ports: [{ name: 'http', port: 80, targetPort: p.port }] },
  },

  component(p, env, namespace):: {
    configMap: $.configMap(p, env, namespace),
    deployment: $.deployment(p, env, namespace),
    service: $.service(p, env, namespace),
  },
}
`;

function baseParams(count: number): string {
  const lines: string[] = ['{', '  global: {},', '  components: {'];
  for (let i = 1; i <= count; i++) {
    lines.push(
      `    '${componentName(i)}': { name: '${componentName(i)}', index: ${i}, image: 'registry.example.com/team-${i % 9}/${componentName(i)}', tag: 'v1.${i % 13}.0', port: ${8000 + (i % 1000)}, replicas: 1, cpu: ${100 + (i % 5) * 50}, memory: ${128 * (1 + (i % 4))}, tier: '${['frontend', 'backend', 'batch'][i % 3]}', owner: 'team-${i % 9}', logLevel: 'info', config: { 'feature.a': '${i % 2 === 0}', 'pool.size': '${4 + (i % 8)}', 'cache.ttl': '${60 * (1 + (i % 5))}s' } },`,
    );
  }
  lines.push('  },', '}', '');
  return lines.join('\n');
}

/** Per-environment overrides, as a Jsonnet object patch of `components`. */
function overrides(env: string, count: number): string {
  const entries: string[] = [];
  const e = ENVIRONMENTS.indexOf(env);
  for (let i = 1; i <= count; i++) {
    const fields: string[] = [];
    if (env.startsWith('prod')) fields.push(`replicas: ${2 + ((i + e) % 3)}`);
    if (env === 'dev') fields.push(`logLevel: 'debug'`);
    if ((i + e) % 4 === 0) fields.push(`tag: 'v2.${i % 7}.${e}'`);
    if ((i + e) % 5 === 0) fields.push(`config+: { 'pool.size': '${16 + e}' }`);
    if (fields.length > 0) entries.push(`    '${componentName(i)}'+: { ${fields.join(', ')} },`);
  }
  return `{\n  components+: {\n${entries.join('\n')}\n  },\n}\n`;
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The kf app: ksonnet layout (components/, params, environments/<env>/ as `kf env add` makes them). */
export function generateKfApp(root: string, count: number): void {
  rmSync(root, { recursive: true, force: true });
  const files: Record<string, string> = {
    'app.yaml': [
      'apiVersion: kf.dev/v1alpha1',
      'kind: App',
      'name: bench',
      'environments:',
      ...ENVIRONMENTS.flatMap((env) => [
        `  ${env}:`,
        `    namespace: ${namespaceOf(env)}`,
        '    server: https://127.0.0.1:6443',
      ]),
      'registries: {}',
      'libraries: {}',
      '',
    ].join('\n'),
    'lib/bench.libsonnet': LIBRARY,
    'components/params.libsonnet': baseParams(count),
    'environments/base.libsonnet': ENVIRONMENTS_BASE,
  };
  for (let i = 1; i <= count; i++) {
    const name = componentName(i);
    files[`components/${name}.jsonnet`] = [
      `local env = std.extVar('__ksonnet/environments');`,
      `local params = std.extVar('__ksonnet/params').components['${name}'];`,
      `(import 'bench.libsonnet').component(params, env.name, env.namespace)`,
      '',
    ].join('\n');
  }
  for (const env of ENVIRONMENTS) {
    files[`environments/${env}/main.jsonnet`] = environmentMain(env);
    files[`environments/${env}/params.libsonnet`] =
      `local params = std.extVar('__ksonnet/params');\nparams + ${overrides(env, count)}`;
  }
  write(root, files);
}

/**
 * The Tanka project: the same library, base parameters and overrides; main.jsonnet adds the two
 * labels kf's render pipeline adds (managed-by and component), so both produce identical objects.
 */
export function generateTankaProject(root: string, count: number): void {
  rmSync(root, { recursive: true, force: true });
  const files: Record<string, string> = {
    'jsonnetfile.json': '{\n  "version": 1,\n  "dependencies": [],\n  "legacyImports": true\n}\n',
    'lib/bench.libsonnet': LIBRARY,
    'lib/params.libsonnet': baseParams(count),
  };
  for (const env of ENVIRONMENTS) {
    files[`environments/${env}/spec.json`] = `${JSON.stringify(
      {
        apiVersion: 'tanka.dev/v1alpha1',
        kind: 'Environment',
        metadata: { name: `environments/${env}` },
        spec: {
          apiServer: 'https://127.0.0.1:6443',
          namespace: namespaceOf(env),
          resourceDefaults: {},
          expectVersions: {},
        },
      },
      null,
      2,
    )}\n`;
    files[`environments/${env}/overrides.libsonnet`] = overrides(env, count);
    files[`environments/${env}/main.jsonnet`] = [
      `local lib = import 'bench.libsonnet';`,
      `local params = (import 'params.libsonnet') + (import 'overrides.libsonnet');`,
      `local kfLabels(name) = { metadata+: { labels+: { 'app.kubernetes.io/managed-by': 'kf', 'kf.dev/component': name } } };`,
      '{',
      `  [name]: std.mapWithKey(function(_, o) o + kfLabels(name), lib.component(params.components[name], '${env}', '${namespaceOf(env)}'))`,
      '  for name in std.objectFields(params.components)',
      '}',
      '',
    ].join('\n');
  }
  write(root, files);
}
