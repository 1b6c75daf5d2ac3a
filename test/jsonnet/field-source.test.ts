// Engine.fieldSources: where each field of a file's value is written, for messages about the data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/jsonnet/index.js';

const PROGRAM = `local base = { spec: { replicas: 1, template: { containers: [{ name: 'a' }] } } };
local objs = { [n]: base { metadata: { name: n } } for n in ['x', 'y'] };
objs + { y+: { spec+: { replicas: 'two' } } } + { z: std.prune(base { spec+: { paused: null } }) }
`;

describe('Engine.fieldSources', () => {
  it('follows fields through comprehensions, +, +: and std.prune; the nearest place for what has none', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kf-field-source-')), 'main.jsonnet');
    writeFileSync(file, PROGRAM);
    const where = new Engine()
      .fieldSources(file, [
        ['x', 'spec', 'replicas'],
        ['y', 'spec', 'replicas'],
        ['x', 'metadata', 'name'],
        ['x', 'spec', 'template', 'containers', 0, 'name'],
        ['z', 'spec', 'replicas'],
        ['x', 'spec', 'selector'],
        ['nothing'],
      ])
      ?.map((s) => [s.reached, s.loc && `${s.loc.start.line}:${s.loc.start.column}`, s.nearest?.depth]);
    expect(where).toEqual([
      [3, '1:34', 3], // base's, inherited by the comprehension's objects
      [3, '3:35', 3], // the +: patch's, which wins
      [3, '2:46', 3],
      [6, '1:70', 6], // an array element's place is its array's field's
      [3, '1:34', 3], // through std.prune's copy
      [2, '1:22', 2], // missing: where its object is written
      [0, undefined, undefined],
    ]);
  });

  it('is undefined for a file that no longer evaluates, and prints no std.trace', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kf-field-source-')), 'main.jsonnet');
    writeFileSync(file, `std.trace('seen', { a: error 'no' })`);
    const lines: string[] = [];
    const engine = new Engine({ traceOut: (line) => lines.push(line) });
    expect(engine.fieldSources(file, [['a']])).toBeUndefined();
    writeFileSync(file, `std.trace('seen', { a: 1 })`);
    expect(
      new Engine({ traceOut: (line) => lines.push(line) }).fieldSources(file, [['a']])?.[0]?.reached,
    ).toBe(1);
    expect(lines).toEqual([]);
  });
});
