// kf generate --values-file: a Jsonnet (or JSON) object of parameter values.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApp } from '../../src/app/app.js';
import { createApp } from '../../src/app/create-app.js';
import { readValuesFile } from '../../src/app/values-file.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../helpers/run-kf.js';

function newApp(): string {
  const root = join(tempDir('kf-values-'), 'app');
  createApp(root, { envName: 'default', env: { namespace: 'default' } });
  return root;
}

describe('readValuesFile', () => {
  it('a block-style values.yaml says the file is Jsonnet or JSON (was: only did not expect ":")', () => {
    const root = newApp();
    const file = join(root, 'values.yaml');
    writeFileSync(file, 'replicas: 2\nimage: nginx\n');
    let error: unknown;
    try {
      readValuesFile(loadApp(root), file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).format()).toMatch(
      /values\.yaml:1:9: values file: Did not expect: \(OPERATOR, ":"\) \(a values file is Jsonnet or JSON, not YAML: write it as \{ key: value, \.\.\. \}\)$/,
    );
  });

  it('YAML that is also JSON reads as before, and a .jsonnet file keeps the plain syntax error', () => {
    const root = newApp();
    writeFileSync(join(root, 'values.yaml'), '{"replicas": 2}\n');
    expect(readValuesFile(loadApp(root), join(root, 'values.yaml'))).toEqual({ replicas: 2 });
    writeFileSync(join(root, 'values.jsonnet'), 'replicas: 2\n');
    let error: unknown;
    try {
      readValuesFile(loadApp(root), join(root, 'values.jsonnet'));
    } catch (e) {
      error = e;
    }
    expect((error as UserError).hint).toBeUndefined();
  });
});
