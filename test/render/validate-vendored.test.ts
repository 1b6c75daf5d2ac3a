// readCrds: the CRDs kf validate finds in vendor/ (jsonnet-bundler's layout, legacy links included).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCrds } from '../../src/render/validate-vendored.js';
import { crdWithSpec } from '../gitops/crd.js';
import { tempDir } from '../helpers/run-kf.js';

describe('readCrds', () => {
  it("reads a package once though jsonnet-bundler's legacy link shows it twice", () => {
    const vendor = join(tempDir('kf-vendored-crds-'), 'vendor');
    const pkg = join(
      vendor,
      'github.com',
      'prometheus-operator',
      'prometheus-operator',
      'jsonnet',
      'prometheus-operator',
    );
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'widgets-crd.json'),
      JSON.stringify(crdWithSpec('example.com', 'Widget', {}), null, 2),
    );
    writeFileSync(join(pkg, 'gadgets-crd.yaml'), JSON.stringify(crdWithSpec('example.com', 'Gadget', {})));
    symlinkSync(
      'github.com/prometheus-operator/prometheus-operator/jsonnet/prometheus-operator',
      join(vendor, 'prometheus-operator'),
    );
    expect(readCrds(vendor, { required: false }).map((c) => c.metadata.name)).toEqual([
      'gadgets.example.com',
      'widgets.example.com',
    ]);
  });

  it('names the file of a CRD file that is not valid JSON', () => {
    const dir = tempDir('kf-vendored-crds-');
    writeFileSync(join(dir, 'bad.json'), '{"kind": "CustomResourceDefinition",');
    expect(() => readCrds(dir, { required: true })).toThrow(/not valid JSON/);
  });
});
