// Issue 17's offline repros against the app layer, in-process: edits keep what they did not mean
// to change, values that cannot be stored exactly are refused, names read from app files cannot
// lead outside the app, interrupted multi-file commands can be run again, imports are confined.
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { createApp } from '../../src/app/create-app.js';
import { addEnvironment, removeEnvironment, updateEnvironment } from '../../src/app/environments.js';
import { generateComponent, resolveParamValues } from '../../src/app/generate.js';
import { parseCliValue } from '../../src/app/jsonnet-literal.js';
import { removeComponent, setParameter } from '../../src/app/parameters.js';
import { findPrototype, listPrototypes } from '../../src/app/prototypes.js';
import { renderEnvironment } from '../../src/render/render.js';
import { tempDir } from '../helpers/run-kf.js';
import { userErrorOf } from '../helpers/user-error.js';

function newApp(): string {
  const root = join(tempDir(), 'app');
  createApp(root, { envName: 'default', env: { namespace: 'default' } });
  generate(root, 'web', 'nginx:1.27');
  return root;
}

function generate(root: string, name: string, image: string): void {
  const app = loadApp(root);
  const prototype = findPrototype(listPrototypes(app), 'deployed-service');
  const flags = [{ flag: `--image=${image}`, name: 'image', value: image }];
  generateComponent(app, prototype, name, resolveParamValues(prototype, name, flags));
}

const PARAMS = 'components/params.libsonnet';

describe('edits keep what they did not mean to change', () => {
  it('CRLF params file and app.yaml stay CRLF, new lines included', () => {
    const root = newApp();
    for (const file of [PARAMS, 'app.yaml']) {
      writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8').replace(/\n/g, '\r\n'));
    }
    setParameter(loadApp(root), { component: 'web' }, 'replicas', 3);
    setParameter(loadApp(root), { component: 'web' }, 'extra', 'x');
    addEnvironment(loadApp(root), 'prod', { namespace: 'prod' });
    for (const file of [PARAMS, 'app.yaml']) {
      const text = readFileSync(join(root, file), 'latin1');
      expect(text.split('\n').length).toBeGreaterThan(3);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    }
    expect(readFileSync(join(root, PARAMS), 'utf8')).toContain('replicas: 3,\r\n');
  });

  it('Latin-1 bytes in comments survive an edit of params.libsonnet and app.yaml', () => {
    const root = newApp();
    const latin1 = Buffer.from('// caf\xe9 na\xefve \xa9\n', 'latin1');
    const params = readFileSync(join(root, PARAMS));
    writeFileSync(join(root, PARAMS), Buffer.concat([latin1, params]));
    const yaml = readFileSync(join(root, 'app.yaml'));
    writeFileSync(join(root, 'app.yaml'), Buffer.concat([Buffer.from('# \xe9t\xe9\n', 'latin1'), yaml]));
    setParameter(loadApp(root), { component: 'web' }, 'image', 'nginx:1.28');
    addEnvironment(loadApp(root), 'prod', { namespace: 'prod' });
    const after = readFileSync(join(root, PARAMS));
    expect(after.subarray(0, latin1.length).equals(latin1)).toBe(true);
    expect(after.includes(Buffer.from('\uFFFD', 'utf8'))).toBe(false);
    expect(after.toString('latin1')).toContain("image: 'nginx:1.28'");
    expect(
      readFileSync(join(root, 'app.yaml')).subarray(0, 6).equals(Buffer.from('# \xe9t\xe9\n', 'latin1')),
    ).toBe(true);
  });

  it('keeps file mode 0600 of app.yaml and params files', () => {
    const root = newApp();
    chmodSync(join(root, PARAMS), 0o600);
    chmodSync(join(root, 'app.yaml'), 0o600);
    setParameter(loadApp(root), { component: 'web' }, 'replicas', 2);
    addEnvironment(loadApp(root), 'prod', { namespace: 'prod' });
    expect(statSync(join(root, PARAMS)).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'app.yaml')).mode & 0o777).toBe(0o600);
  });

  it('a params file that is a symlink: the shared target is edited, the link stays', () => {
    const root = newApp();
    addEnvironment(loadApp(root), 'a', { namespace: 'a' });
    addEnvironment(loadApp(root), 'b', { namespace: 'b' });
    const shared = join(root, 'environments', 'shared-params.libsonnet');
    writeFileSync(shared, readFileSync(join(root, 'environments/a/params.libsonnet')));
    for (const env of ['a', 'b']) {
      const link = join(root, 'environments', env, 'params.libsonnet');
      rmSync(link);
      symlinkSync('../shared-params.libsonnet', link);
    }
    setParameter(loadApp(root), { component: 'web', env: 'a' }, 'replicas', 5);
    expect(lstatSync(join(root, 'environments/a/params.libsonnet')).isSymbolicLink()).toBe(true);
    expect(readFileSync(shared, 'utf8')).toContain('replicas: 5');
    expect(readFileSync(join(root, 'environments/b/params.libsonnet'), 'utf8')).toContain('replicas: 5');
  });

  it('refuses to write through a params symlink that leads outside the app', () => {
    const root = newApp();
    const outside = join(tempDir(), 'victim.libsonnet');
    writeFileSync(outside, readFileSync(join(root, PARAMS)));
    rmSync(join(root, PARAMS));
    symlinkSync(outside, join(root, PARAMS));
    expect(userErrorOf(() => setParameter(loadApp(root), { component: 'web' }, 'replicas', 9))).toMatch(
      /outside the app/,
    );
    expect(readFileSync(outside, 'utf8')).not.toContain('replicas: 9');
  });
});

describe('values that cannot be stored as given are refused', () => {
  it.each([
    ['1e400', /1e400 cannot be stored exactly/],
    ['123456789012345678901234567890', /cannot be stored exactly.*1\.2345678901234568e\+29/],
    ['[1, {a: 9007199254740993}]', /9007199254740993 cannot be stored exactly/],
    ['|||\nno indent\n|||', /not a valid Jsonnet text block/],
  ])('%s', (text, message) => {
    expect(userErrorOf(() => parseCliValue(text))).toMatch(message);
  });

  it('keeps exact values', () => {
    expect(parseCliValue('9007199254740992')).toBe(9007199254740992);
    expect(parseCliValue('1e300')).toBe(1e300);
    expect(parseCliValue('|||\n  two\n  lines\n|||')).toBe('two\nlines\n');
  });

  it('a params file with duplicate keys is not edited (error names file and line)', () => {
    const root = newApp();
    const before = readFileSync(join(root, PARAMS), 'utf8').replace(
      'components: {',
      'components: {\n    web: { replicas: 2 },',
    );
    writeFileSync(join(root, PARAMS), before);
    const line = before.split('\n').findIndex((l) => l.includes('web: { replicas: 2 }')) + 1;
    const message = userErrorOf(() => setParameter(loadApp(root), { component: 'web' }, 'replicas', 4));
    expect(message).toMatch(new RegExp(`params\\.libsonnet:\\d+:\\d+: .*duplicate field name: "web"`));
    expect(message).toMatch(new RegExp(`:(${line}|${line + 1}|\\d+):`));
    expect(readFileSync(join(root, PARAMS), 'utf8')).toBe(before);
  });

  it('an environment override of a component the app does not have is an error naming file and line', () => {
    const root = newApp();
    const file = join(root, 'environments/default/params.libsonnet');
    const text = readFileSync(file, 'utf8').replace(
      'components+: {',
      'components+: {\n    wbe+: { replicas: 3 },',
    );
    expect(text).toContain('wbe+');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l.includes('wbe+')) + 1;
    expect(userErrorOf(() => renderEnvironment(loadApp(root), 'default'))).toBe(
      `environments/default/params.libsonnet:${line}: environment 'default' overrides component 'wbe', which the app does not have (did you mean 'web'?)`.replace(
        'environments/default/params.libsonnet',
        file,
      ),
    );
  });
});

describe('names from app.yaml cannot lead outside the app', () => {
  function withAppYaml(root: string, edit: (text: string) => string): void {
    writeFileSync(join(root, 'app.yaml'), edit(readFileSync(join(root, 'app.yaml'), 'utf8')));
  }

  it("an environment named '../../outside' is refused when app.yaml is read; nothing outside changes", () => {
    const root = newApp();
    const outside = join(root, '..', '..', 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'params.libsonnet'), '{ components: {} }\n');
    withAppYaml(root, (t) =>
      t.replace(/environments:\n/, "environments:\n  '../../outside':\n    namespace: x\n"),
    );
    expect(userErrorOf(() => loadApp(root))).toMatch(/environment name "\.\.\/\.\.\/outside" is invalid/);
    expect(readFileSync(join(outside, 'params.libsonnet'), 'utf8')).toBe('{ components: {} }\n');
  });

  it("a library version '../..' is refused when app.yaml is read", () => {
    const root = newApp();
    withAppYaml(root, (t) =>
      t.replace(
        /libraries: \{\}|libraries:\n/,
        "libraries:\n  r/p:\n    registry: r\n    name: p\n    version: '../..'\n",
      ),
    );
    expect(userErrorOf(() => loadApp(root))).toMatch(
      /libraries\.r\/p\.version "\.\.\/\.\." is not a valid version/,
    );
  });

  it('a 300-character environment name is a clear error, not ENAMETOOLONG', () => {
    const root = newApp();
    const message = userErrorOf(() => addEnvironment(loadApp(root), 'e'.repeat(300), { namespace: 'x' }));
    expect(message).toMatch(/invalid environment name .*300 characters/);
    expect(message).not.toMatch(/ENAMETOOLONG/);
  });
});

describe('interrupted multi-file commands can be run again', () => {
  it('env add killed after its files, before app.yaml: running it again succeeds', () => {
    const root = newApp();
    addEnvironment(loadApp(root), 'x', { namespace: 'x' });
    // the state a kill -9 between the two steps leaves: files there, app.yaml entry missing
    removeFromAppYaml(root, 'x');
    expect(existsSync(join(root, 'environments/x/main.jsonnet'))).toBe(true);
    addEnvironment(loadApp(root), 'x', { namespace: 'x' });
    expect(loadApp(root).spec.environments.x).toEqual({ namespace: 'x' });
  });

  it('env set --name killed after the folder moved: running it again finishes the rename', () => {
    const root = newApp();
    addEnvironment(loadApp(root), 'old', { namespace: 'x' });
    renameSync(join(root, 'environments/old'), join(root, 'environments/new'));
    updateEnvironment(loadApp(root), 'old', { name: 'new' });
    expect(Object.keys(loadApp(root).spec.environments).sort()).toEqual(['default', 'new']);
  });

  it('env rm removes files before the app.yaml entry, so an interrupted rm runs again', () => {
    const root = newApp();
    addEnvironment(loadApp(root), 'gone', { namespace: 'x' });
    rmSync(join(root, 'environments/gone'), { recursive: true });
    removeEnvironment(loadApp(root), 'gone');
    expect(loadApp(root).spec.environments.gone).toBeUndefined();
  });

  it('generate writes the params entry first: interrupted before the component file, it runs again', () => {
    const root = newApp();
    generate(root, 'api', 'a');
    rmSync(join(root, 'components/api.jsonnet')); // the state after a kill between the two writes
    expect(renderEnvironment(loadApp(root), 'default').length).toBeGreaterThan(0);
    generate(root, 'api', 'b');
    expect(readFileSync(join(root, PARAMS), 'utf8').match(/api: \{/g)).toHaveLength(1);
    expect(renderEnvironment(loadApp(root), 'default').some((o) => o.object.metadata?.name === 'api')).toBe(
      true,
    );
  });
});

describe('a multi-file edit that cannot write one of its files writes none', () => {
  it('component rm refused on one environment’s params file leaves the component and all its entries', () => {
    const root = newApp();
    addEnvironment(loadApp(root), 'prod', { namespace: 'prod' });
    setParameter(loadApp(root), { component: 'web', env: 'prod' }, 'replicas', 3);
    // The environment's params file leads outside the app: kf reads it but refuses to write it.
    const envParams = join(root, 'environments/prod/params.libsonnet');
    const outside = join(tempDir(), 'prod-params.libsonnet');
    writeFileSync(outside, readFileSync(envParams));
    rmSync(envParams);
    symlinkSync(outside, envParams);
    const before = readFileSync(join(root, PARAMS), 'utf8');
    expect(userErrorOf(() => removeComponent(loadApp(root), 'web'))).toMatch(/outside the app/);
    expect(readFileSync(join(root, PARAMS), 'utf8')).toBe(before);
    expect(readFileSync(outside, 'utf8')).toContain('replicas: 3');
    expect(existsSync(join(root, 'components/web.jsonnet'))).toBe(true);
    expect(readdirSync(join(root, 'components')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('imports are confined to the app and -J directories', () => {
  function componentImporting(root: string, what: string): void {
    writeFileSync(
      join(root, 'components', 'leak.jsonnet'),
      `{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leak' }, data: { x: ${what} } }\n`,
    );
  }

  it("importstr '/etc/passwd' in a component is an error naming the file and the import", () => {
    const root = newApp();
    componentImporting(root, "importstr '/etc/passwd'");
    expect(userErrorOf(() => renderEnvironment(loadApp(root), 'default'))).toMatch(
      /components\/leak\.jsonnet:1:\d+: .*import "\/etc\/passwd" refused: \/etc\/passwd is outside the app .*--allow-imports-outside-app/,
    );
    const objects = renderEnvironment(loadApp(root), 'default', { allowImportsOutsideApp: true });
    expect(objects.find((o) => o.object.metadata?.name === 'leak')?.object.data).toBeDefined();
  });

  it('a relative import climbing out of the app, or through a symlink in lib/, is refused', () => {
    const root = newApp();
    const outsideDir = join(root, '..');
    writeFileSync(join(outsideDir, 'secret.txt'), 'secret');
    componentImporting(root, "importstr '../../secret.txt'");
    expect(userErrorOf(() => renderEnvironment(loadApp(root), 'default'))).toMatch(
      /refused: .*secret\.txt is outside/,
    );
    mkdirSync(join(root, 'lib'), { recursive: true });
    symlinkSync(join(outsideDir, 'secret.txt'), join(root, 'lib', 'innocent.txt'));
    componentImporting(root, "importstr 'innocent.txt'");
    expect(userErrorOf(() => renderEnvironment(loadApp(root), 'default'))).toMatch(
      /refused: .*secret\.txt is outside/,
    );
  });

  it('files under -J directories and the app may be imported', () => {
    const root = newApp();
    const jdir = tempDir();
    writeFileSync(join(jdir, 'shared.libsonnet'), "'from -J'");
    componentImporting(root, "import 'shared.libsonnet'");
    const objects = renderEnvironment(loadApp(root), 'default', { jpath: [jdir] });
    expect(objects.find((o) => o.object.metadata?.name === 'leak')?.object.data).toEqual({ x: 'from -J' });
  });
});

function removeFromAppYaml(root: string, env: string): void {
  const text = readFileSync(join(root, 'app.yaml'), 'utf8');
  writeFileSync(join(root, 'app.yaml'), text.replace(new RegExp(`\\n  ${env}:\\n    namespace: ${env}`), ''));
}
