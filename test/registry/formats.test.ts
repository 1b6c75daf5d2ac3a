import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parsePartsFile } from '../../src/registry/parts-file.js';
import { parseRegistryIndex } from '../../src/registry/registry-index.js';
import { FIXTURES } from './helpers.js';
import { docsFile } from '../../src/util/package-root.js';

function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('registry.yaml', () => {
  it("reads ksonnet's format unchanged, defaulting path to the name", () => {
    const file = join(FIXTURES, 'ksonnet-style', 'registry.yaml');
    const index = parseRegistryIndex(readFileSync(file, 'utf8'), file);
    expect(index.apiVersion).toBe('0.1');
    expect(index.packages).toEqual([
      { name: 'nginx', path: 'nginx', version: 'master', description: undefined },
      { name: 'redis', path: 'redis', version: 'master', description: undefined },
    ]);
    const minimal = parseRegistryIndex('kind: ksonnet.io/registry\nlibraries:\n  b: {version: 1.2}\n  a: {path: pkgs/a/, description: A}\n', 'r.yaml');
    expect(minimal.packages).toEqual([
      { name: 'a', path: 'pkgs/a', version: 'latest', description: 'A' },
      { name: 'b', path: 'b', version: '1.2', description: undefined },
    ]);
  });

  it('reports the file and line of a problem', () => {
    const syntax = thrown(() => parseRegistryIndex('kind: ksonnet.io/registry\nlibraries:\n  core: {path: core\n', '/r/registry.yaml'));
    expect(syntax.location?.file).toBe('/r/registry.yaml');
    expect(syntax.location?.line).toBeGreaterThanOrEqual(3);

    const escape = thrown(() =>
      parseRegistryIndex('kind: ksonnet.io/registry\nlibraries:\n  core:\n    version: 1\n    path: ../../etc\n', '/r/registry.yaml'),
    );
    expect(escape.format()).toMatch(/^\/r\/registry\.yaml:5: libraries\.core\.path '\.\.\/\.\.\/etc' points outside the registry/);

    const kind = thrown(() => parseRegistryIndex('apiVersion: 1\nkind: Registry\nlibraries: {}\n', 'x.yaml'));
    expect(kind.format()).toMatch(/^x\.yaml:2: kind must be ksonnet\.io\/registry/);

    const version = thrown(() => parseRegistryIndex('kind: ksonnet.io/registry\nlibraries:\n  a:\n    version: "1 2"\n', 'x.yaml'));
    expect(version.format()).toMatch(/^x\.yaml:4: libraries\.a\.version/);
  });
});

describe('registry.yaml versions', () => {
  it('keeps a number-like version as written, as ksonnet read it (1.10 is not 1.1)', () => {
    const index = parseRegistryIndex('kind: ksonnet.io/registry\nlibraries:\n  a: {version: 1.10}\n  b: {version: 2}\n', 'r.yaml');
    expect(index.packages.map((p) => p.version)).toEqual(['1.10', '2']);
  });

  it('refuses a list or a mapping as a version (was: [1] read as version 1)', () => {
    const list = thrown(() => parseRegistryIndex('kind: ksonnet.io/registry\nlibraries:\n  core:\n    version: [1]\n', 'x.yaml'));
    expect(list.format()).toBe(`x.yaml:4: libraries.core.version must be a string (see ${docsFile('registry-format.md')} for the registry.yaml format)`);
  });
});

describe('parts.yaml', () => {
  it("reads ksonnet's JSON parts files with every field", () => {
    const file = join(FIXTURES, 'ksonnet-style', 'redis', 'parts.yaml');
    const parts = parsePartsFile(readFileSync(file, 'utf8'), file);
    expect(parts).toEqual({
      name: 'redis',
      description: 'Redis is an advanced key-value cache and store.',
      author: 'ksonnet team <ksonnet-help@heptio.com>',
      keywords: ['redis', 'database', 'cache'],
      prototypes: [],
      quickStart: { prototype: 'io.ksonnet.pkg.redis-stateless', componentName: 'redis', flags: { name: 'redis' }, comment: 'Run a simple redis server.' },
      license: 'Apache 2.0',
    });
  });

  it('reports the line of a wrongly typed field', () => {
    const error = thrown(() => parsePartsFile('name: x\nkeywords:\n  - a\n  - {b: 1}\n', '/p/parts.yaml'));
    expect(error.format()).toMatch(/^\/p\/parts\.yaml:4: keywords\[1\] must be a string/);
  });
});
