import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialAppYaml, readAppSpec } from '../../src/app/app-file.js';
import { UserError } from '../../src/errors.js';
import { docsFile } from '../../src/util/package-root.js';
import { tempDir } from '../helpers/run-kf.js';

describe('app id', () => {
  // A random hex id can look like a YAML number: all digits, or digits around an `e`
  // (1234e5678901 reads as Infinity). It must still read back as the same string.
  it.each(['123456789012', '1234e5678901', '000000000000', '3f9c0a1b7d2e'])(
    '%s reads back as written',
    (id) => {
      const root = join(tempDir('kf-app-id-'), 'app');
      mkdirSync(root);
      writeFileSync(join(root, 'app.yaml'), initialAppYaml('app', id));
      expect(readAppSpec(root).id).toBe(id);
    },
  );
});

describe('a malformed app.yaml is an error naming its line', () => {
  /** The UserError readAppSpec throws for an app.yaml with `text`, formatted, path made relative. */
  function errorFor(text: string | ((initial: string) => string)): string {
    const root = join(tempDir('kf-app-file-'), 'app');
    mkdirSync(root);
    const initial = [
      'apiVersion: kf.dev/v1alpha1',
      'kind: App',
      'name: app',
      "id: '3f9c0a1b7d2e'",
      'environments:',
      '  default:',
      '    namespace: default',
      'registries:',
      '  kubeflow:',
      '    uri: builtin:kubeflow',
      'libraries:',
      '  kubeflow/core:',
      '    registry: kubeflow',
      '    name: core',
      '    version: 0.1.0',
      '',
    ].join('\n');
    writeFileSync(join(root, 'app.yaml'), typeof text === 'string' ? text : text(initial));
    try {
      readAppSpec(root);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return error.format().replace(`${root}/`, '');
    }
    throw new Error('expected a UserError');
  }

  it("an environment's fields of the wrong type, at their line (was: internal error c.padEnd is not a function in kf env list)", () => {
    const see = `(see ${docsFile('app-format.md')})`;
    expect(
      errorFor((t) => t.replace('    namespace: default', '    context: 5\n    namespace: default')),
    ).toBe(`app.yaml:7: environment default: context must be a string, found 5 ${see}`);
    expect(errorFor((t) => t.replace('    namespace: default', '    namespace: 5'))).toBe(
      `app.yaml:7: environment default: namespace must be a string, found 5 ${see}`,
    );
    expect(
      errorFor((t) => t.replace('    namespace: default', '    namespace: default\n    k8sVersion: 1.30')),
    ).toBe(`app.yaml:8: environment default: k8sVersion must be a string, found 1.3 ${see}`);
    expect(errorFor((t) => t.replace('    namespace: default', '    server: x'))).toBe(
      `app.yaml:6: environment default needs a namespace ${see}`,
    );
    expect(errorFor((t) => t.replace('  default:\n    namespace: default', '  default: [a]'))).toBe(
      `app.yaml:6: environment default must be a mapping ${see}`,
    );
  });

  it('a registry uri that is not a string (was: internal error uri.trim is not a function)', () => {
    expect(errorFor((t) => t.replace('uri: builtin:kubeflow', 'uri: 7'))).toBe(
      `app.yaml:10: registries.kubeflow.uri must be a non-empty string, found 7 (see ${docsFile('app-format.md')})`,
    );
  });

  it('a registry without a uri, or that is not a mapping', () => {
    expect(errorFor((t) => t.replace('uri: builtin:kubeflow', 'uri:'))).toBe(
      `app.yaml:10: registries.kubeflow.uri must be a non-empty string, found nothing (see ${docsFile('app-format.md')})`,
    );
    expect(errorFor((t) => t.replace('  kubeflow:\n    uri: builtin:kubeflow', '  kubeflow: 3'))).toBe(
      `app.yaml:9: registries.kubeflow must be a mapping with a uri (see ${docsFile('app-format.md')})`,
    );
  });

  it('a registry name that could not be a folder name', () => {
    expect(errorFor((t) => t.replace('  kubeflow:\n    uri', "  '../x':\n    uri"))).toBe(
      `app.yaml:9: registry name "../x" is invalid (letters, digits, . _ -) (see ${docsFile('app-format.md')})`,
    );
  });

  it('top-level fields of the wrong type or missing, at their line', () => {
    expect(errorFor((t) => t.replace('name: app', 'name: 42'))).toBe(
      `app.yaml:3: name must be a non-empty string, found 42 (see ${docsFile('app-format.md')})`,
    );
    expect(errorFor((t) => t.replace('apiVersion: kf.dev/v1alpha1\n', ''))).toBe(
      `app.yaml: apiVersion must be kf.dev/v1alpha1, found nothing (see ${docsFile('app-format.md')})`,
    );
    expect(
      errorFor((t) =>
        t.replace('registries:\n  kubeflow:\n    uri: builtin:kubeflow\n', 'registries: [1]\n'),
      ),
    ).toMatch(/^app\.yaml:8: registries must be a mapping/);
  });

  it('a library field at its own line', () => {
    expect(errorFor((t) => t.replace('version: 0.1.0', 'version: [1]'))).toBe(
      `app.yaml:15: libraries.kubeflow/core.version [1] is not a valid version (letters, digits, . _ + -) (see ${docsFile('app-format.md')})`,
    );
  });

  it('a library envs that is not a list of names (was: internal error library.envs.join is not a function)', () => {
    expect(errorFor((t) => t.replace('version: 0.1.0', 'version: 0.1.0\n    envs: 5'))).toBe(
      `app.yaml:16: libraries.kubeflow/core.envs must be a list of environment names, found 5 (see ${docsFile('app-format.md')})`,
    );
    expect(errorFor((t) => t.replace('version: 0.1.0', 'version: 0.1.0\n    envs: [default, 7]'))).toBe(
      `app.yaml:16: libraries.kubeflow/core.envs must be a list of environment names, found ["default",7] (see ${docsFile('app-format.md')})`,
    );
    expect(errorFor((t) => t.replace('version: 0.1.0', 'version: 0.1.0\n    envs:'))).toMatch(
      /^app\.yaml:16: libraries\.kubeflow\/core\.envs must be a list of environment names, found null/,
    );
  });

  it('a misspelt top-level key (was: its whole section silently missing)', () => {
    expect(errorFor((t) => t.replace('registries:', 'registires:'))).toBe(
      "app.yaml:8: unknown key 'registires' (did you mean 'registries'? Without it, app.yaml has no registries)",
    );
    expect(errorFor((t) => t.replace('environments:', 'enviroments:'))).toMatch(
      /^app\.yaml:5: unknown key 'enviroments' \(did you mean 'environments'\?/,
    );
  });

  it('a misspelt key of an environment (was: ignored; component: [web] rendered every component)', () => {
    expect(
      errorFor((t) => t.replace('    namespace: default', '    namespace: default\n    component: [web]')),
    ).toBe(
      "app.yaml:8: environment default: unknown key 'component' (did you mean 'components'? kf ignores a key it does not know)",
    );
    expect(errorFor((t) => t.replace('    namespace: default', '    nmespace: default'))).toBe(
      "app.yaml:7: environment default: unknown key 'nmespace' (did you mean 'namespace'? kf ignores a key it does not know)",
    );
    expect(
      errorFor((t) => t.replace('    namespace: default', "    namespace: default\n    k8sversion: '1.33'")),
    ).toMatch(/^app\.yaml:8: environment default: unknown key 'k8sversion' \(did you mean 'k8sVersion'\?/);
    // another key, or a near miss of a key the environment has, stays allowed
    const root = join(tempDir('kf-app-file-'), 'app');
    mkdirSync(root);
    writeFileSync(
      join(root, 'app.yaml'),
      initialAppYaml('app', '3f9c0a1b7d2e').replace(
        'environments: {}',
        'environments:\n  dev:\n    namespace: dev\n    description: the cluster\n    contexts: x\n    context: y',
      ),
    );
    expect(readAppSpec(root).environments.dev?.context).toBe('y');
  });

  it("other keys stay allowed (ksonnet's, kept by kf upgrade), as does a near miss of a key that is present", () => {
    const root = join(tempDir('kf-app-file-'), 'app');
    mkdirSync(root);
    writeFileSync(
      join(root, 'app.yaml'),
      `${initialAppYaml('app', '3f9c0a1b7d2e')}version: 0.0.1\ndescription: d\nlicense: Apache\nenvironment: x\n`,
    );
    expect(readAppSpec(root).name).toBe('app');
  });

  it("a second YAML document is named as such, not with the yaml package's API", () => {
    expect(errorFor((t) => `${t}---\nfoo: 1\n`)).toBe(
      "app.yaml:16:1: app.yaml holds more than one YAML document (a '---' line starts a second one) (keep only the app in app.yaml)",
    );
  });

  it('an app.yaml that is a folder', () => {
    const root = join(tempDir('kf-app-file-'), 'app');
    mkdirSync(join(root, 'app.yaml'), { recursive: true });
    let message = '';
    try {
      readAppSpec(root);
    } catch (error) {
      message = (error as UserError).format();
    }
    expect(message).toBe(`${root}/app.yaml: expected a file, found a folder (move the folder away)`);
  });
});
