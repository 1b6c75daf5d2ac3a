// The registry's own files: the README is what the generator writes from the prototype headers,
// the packages' copies of util.libsonnet are identical, and registry.yaml / parts.yaml parse
// with kf's registry readers.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRegistryReadme } from '../../scripts/registry-readme.js';
import { parsePartsFile } from '../../src/registry/parts-file.js';
import { parseRegistryIndex } from '../../src/registry/registry-index.js';
import { kubeflowRegistry, PROTOTYPES, prototypeHeader } from './registry-prototypes.js';

describe('registry/kubeflow', () => {
  it('README.md is generated from the prototype headers (npx tsx scripts/registry-readme.ts)', () => {
    expect(readFileSync(join(kubeflowRegistry, 'README.md'), 'utf8')).toBe(
      generateRegistryReadme(kubeflowRegistry),
    );
  });

  it('README.md lists every parameter of every prototype', () => {
    const readme = readFileSync(join(kubeflowRegistry, 'README.md'), 'utf8');
    for (const ref of PROTOTYPES) {
      for (const p of prototypeHeader(ref).params)
        expect(readme, `${ref.name} ${p.name}`).toContain(`| \`${p.name}\` | ${p.type} |`);
    }
  });

  it('registry.yaml lists the three packages and each parts.yaml names its prototypes', () => {
    const file = join(kubeflowRegistry, 'registry.yaml');
    const index = parseRegistryIndex(readFileSync(file, 'utf8'), file);
    expect(index.packages.map((p) => p.name)).toEqual(['core', 'tf-job', 'tf-serving']);
    for (const pkg of index.packages) {
      const partsFile = join(kubeflowRegistry, pkg.path, 'parts.yaml');
      const parts = parsePartsFile(readFileSync(partsFile, 'utf8'), partsFile);
      expect(parts.name).toBe(pkg.name);
      const declared = PROTOTYPES.filter((p) => p.pkg === pkg.name).map((p) => prototypeHeader(p).name);
      expect(parts.prototypes.sort()).toEqual(declared.sort());
      expect(declared).toContain(parts.quickStart?.prototype);
    }
  });

  it('every package carries the same util.libsonnet', () => {
    const copies = readdirSync(kubeflowRegistry, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => readFileSync(join(kubeflowRegistry, d.name, 'util.libsonnet'), 'utf8'));
    expect(copies).toHaveLength(3);
    expect(new Set(copies).size).toBe(1);
  });
});
