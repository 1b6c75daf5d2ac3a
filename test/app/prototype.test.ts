import { describe, expect, it } from 'vitest';
import {
  coerceParam,
  componentSource,
  expandBody,
  parsePrototype,
  type Prototype,
} from '../../src/app/prototype.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadApp } from '../../src/app/app.js';
import { createApp } from '../../src/app/create-app.js';
import {
  brokenPrototypeWarnings,
  findAppPrototype,
  findPrototype,
  listPrototypes,
  type BrokenPrototype,
} from '../../src/app/prototypes.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../helpers/run-kf.js';
import { parse } from '../../src/jsonnet/parser.js';

const header = [
  '// @apiVersion 0.1',
  '// @name io.ksonnet.pkg.tf-cnn',
  '// @description A TensorFlow CNN benchmark job,',
  '//   run as a TFJob.',
  '// @shortDescription TF CNN benchmark',
  '// @param name string Name of the job',
  '// @optionalParam num_gpus number 0 GPUs per worker',
  '// @optionalParam image string null Image (null keeps the default)',
  '// @optionalParam labels object {} Extra labels',
  '// @optionalParam args array [] Arguments',
  '// @optionalParam port numberOrString 8080 Port',
  '// @optionalParam debug boolean false Debug mode',
  "local namespace = import 'env://namespace';",
  "{ kind: 'TFJob', metadata: { name: import 'param://name', namespace: namespace }, gpus: import \"param://num_gpus\" }",
  '',
].join('\n');

const proto = (text = header, name = 'p.jsonnet'): Prototype =>
  parsePrototype(text, name, { kind: 'builtin' });

describe('parsePrototype', () => {
  it('reads the ksonnet header, continuation lines and typed defaults (null is a real null)', () => {
    const p = proto();
    expect(p.name).toBe('io.ksonnet.pkg.tf-cnn');
    expect(p.description).toBe('A TensorFlow CNN benchmark job, run as a TFJob.');
    expect(p.shortDescription).toBe('TF CNN benchmark');
    expect(p.params.map((x) => [x.name, x.type, x.required, x.default])).toEqual([
      ['name', 'string', true, undefined],
      ['num_gpus', 'number', false, 0],
      ['image', 'string', false, null],
      ['labels', 'object', false, {}],
      ['args', 'array', false, []],
      ['port', 'numberOrString', false, 8080],
      ['debug', 'boolean', false, false],
    ]);
    expect(p.bodyLine).toBe(13);
  });

  it('rejects unknown directives, unknown types and defaults of the wrong type with the line', () => {
    expect(() => proto('// @name x\n// @frobnicate y\n{}')).toThrow(
      /unknown prototype directive '@frobnicate'/,
    );
    expect(() => proto('// @name x\n// @param a strng desc\n{}')).toThrow(/unknown type 'strng'/);
    expect(() => proto('// @name x\n// @optionalParam n number many desc\n{}')).toThrow(
      /default of parameter 'n' does not match its type/,
    );
    expect(() => proto('// @description no name\n{}')).toThrow(/no @name/);
  });
});

describe('coerceParam', () => {
  const p = proto();
  const param = (name: string) => p.params.find((x) => x.name === name)!;
  it('types command-line text', () => {
    expect(coerceParam(param('num_gpus'), '2')).toBe(2);
    expect(coerceParam(param('port'), 'http')).toBe('http');
    expect(coerceParam(param('port'), '80')).toBe(80);
    expect(coerceParam(param('debug'), 'true')).toBe(true);
    expect(coerceParam(param('labels'), '{"a": "b"}')).toEqual({ a: 'b' });
    expect(coerceParam(param('args'), '["--x"]')).toEqual(['--x']);
    expect(coerceParam(param('name'), '123')).toBe('123');
    expect(coerceParam(param('image'), 'null')).toBe(null);
  });
  it('rejects mistyped text', () => {
    expect(() => coerceParam(param('num_gpus'), 'two')).toThrow(/must be a number/);
    expect(() => coerceParam(param('debug'), 'yes')).toThrow(/true or false/);
    expect(() => coerceParam(param('args'), '{}')).toThrow(/must be an array/);
  });
});

describe('expandBody and componentSource', () => {
  it('fills param:// and env:// holes and prepends the header and locals', () => {
    const p = proto();
    expect(expandBody(p)).toContain('local namespace = env.namespace;');
    expect(expandBody(p)).toContain(
      'metadata: { name: params.name, namespace: namespace }, gpus: params.num_gpus }',
    );
    const source = componentSource(p, 'cnn');
    expect(source.split('\n').slice(0, 3)).toEqual([
      '// kf: generated from prototype io.ksonnet.pkg.tf-cnn (builtin)',
      "local env = std.extVar('__ksonnet/environments');",
      "local params = std.extVar('__ksonnet/params').components.cnn;",
    ]);
    expect(() => parse(source, 'cnn.jsonnet')).not.toThrow();
  });

  it('declares only the locals the body uses (a generated component has no unused variable)', () => {
    const onlyParams = proto(
      "// @name io.ksonnet.pkg.ns\n// @param name string N\n{ name: import 'param://name' }",
    );
    expect(componentSource(onlyParams, 'ns').split('\n').slice(1, 3)).toEqual([
      "local params = std.extVar('__ksonnet/params').components.ns;",
      '{ name: params.name }',
    ]);
    const neither = proto('// @name io.ksonnet.pkg.empty\n{ kind: "List", items: [] }');
    expect(componentSource(neither, 'e').split('\n').slice(1)).toEqual(['{ kind: "List", items: [] }', '']);
    const onlyEnv = proto("// @name io.ksonnet.pkg.e\n{ ns: import 'env://namespace' }");
    expect(componentSource(onlyEnv, 'e').split('\n').slice(1, 3)).toEqual([
      "local env = std.extVar('__ksonnet/environments');",
      '{ ns: env.namespace }',
    ]);
  });

  it('indexes a hole whose key is not an identifier (ksonnet parts write param://namespace/)', () => {
    const p = proto(
      "// @name io.ksonnet.pkg.x\n// @param namespace string NS\nlocal ns = import 'param://namespace/';\n{ ns: ns, e: import 'env://my-key' }",
    );
    const body = expandBody(p);
    expect(body).toContain("local ns = params['namespace/'];");
    expect(body).toContain("e: env['my-key']");
    expect(() => parse(componentSource(p, 'my-x'), 'x.jsonnet')).not.toThrow();
  });

  it('names the package version in the header of packaged prototypes', () => {
    const p = parsePrototype(header, 'p', {
      kind: 'package',
      registry: 'kubeflow',
      pkg: 'tf-job',
      version: '0.1.0',
    });
    expect(componentSource(p, 'cnn').split('\n')[0]).toBe(
      '// kf: generated from prototype io.ksonnet.pkg.tf-cnn (kubeflow/tf-job@0.1.0)',
    );
  });
});

describe('findPrototype', () => {
  const a = proto('// @name io.ksonnet.pkg.tf-cnn\n{}');
  const b = parsePrototype('// @name org.other.tf-cnn\n{}', 'b', {
    kind: 'package',
    registry: 'r',
    pkg: 'p',
    version: '1',
  });
  const c = proto('// @name io.ksonnet.pkg.configMap\n{}');
  it('matches exact names, unique suffixes and case-insensitive suffixes', () => {
    expect(findPrototype([a, c], 'tf-cnn')).toBe(a);
    expect(findPrototype([a, b], 'io.ksonnet.pkg.tf-cnn')).toBe(a);
    expect(findPrototype([a, c], 'configmap')).toBe(c);
  });
  it('reports ambiguity with the candidates', () => {
    expect(() => findPrototype([a, b], 'tf-cnn')).toThrow(/ambiguous/);
  });
});

describe('a package prototype whose header does not parse', () => {
  /** An app with package r/p installed: a good prototype and one declaring a parameter twice. */
  function appWithBrokenPrototype(): string {
    const root = join(tempDir('kf-proto-'), 'app');
    createApp(root, { envName: 'default', env: { namespace: 'default' } });
    const appYaml = join(root, 'app.yaml');
    writeFileSync(
      appYaml,
      readFileSync(appYaml, 'utf8').replace(
        'libraries: {}',
        'libraries:\n  r/p:\n    registry: r\n    name: p\n    version: 1.0.0',
      ),
    );
    const dir = join(root, 'vendor/r/p@1.0.0/prototypes');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'good.jsonnet'),
      '// @name io.ksonnet.pkg.good\n// @param name string Name\n{}\n',
    );
    writeFileSync(
      join(dir, 'twice.jsonnet'),
      '// @name io.ksonnet.pkg.twice\n// @param name string Name\n// @param name string Again\n{}\n',
    );
    return root;
  }

  it('is left out of the list, with its error, and the others stay usable (was: every prototype command failed)', () => {
    const app = loadApp(appWithBrokenPrototype());
    const broken: BrokenPrototype[] = [];
    const names = listPrototypes(app, broken).map((p) => p.name);
    expect(names).toContain('io.ksonnet.pkg.good');
    expect(names).toContain('io.ksonnet.pkg.deployed-service');
    expect(broken.map((b) => [b.name, b.error.format().replace(`${app.root}/`, '')])).toEqual([
      [
        'io.ksonnet.pkg.twice',
        "vendor/r/p@1.0.0/prototypes/twice.jsonnet:3: parameter 'name' is declared twice",
      ],
    ]);
    expect(brokenPrototypeWarnings(broken).replace(`${app.root}/`, '')).toBe(
      "kf: warning: vendor/r/p@1.0.0/prototypes/twice.jsonnet:3: parameter 'name' is declared twice; prototype io.ksonnet.pkg.twice is left out until its header is fixed\n",
    );
    expect(findAppPrototype(app, 'good').name).toBe('io.ksonnet.pkg.good');
    expect(findAppPrototype(app, 'deployed-service').name).toBe('io.ksonnet.pkg.deployed-service');
  });

  it('asked for by name, it fails with its own error', () => {
    const app = loadApp(appWithBrokenPrototype());
    let message = '';
    try {
      findAppPrototype(app, 'twice');
    } catch (error) {
      message = (error as UserError).format();
    }
    expect(message).toMatch(/twice\.jsonnet:3: parameter 'name' is declared twice$/);
    expect(() => findAppPrototype(app, 'nothing-like-it')).toThrow(/unknown prototype 'nothing-like-it'/);
  });
});
