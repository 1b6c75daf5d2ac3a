import { describe, expect, it } from 'vitest';
import { toYaml, yamlLibrary } from '../../src/render/output.js';
import { emitYaml, firstCharShortcut } from '../../src/util/yaml-emit.js';
import { matrix, renderObjects } from '../kubeflow/render-prototype.js';
import { KEY_WORDS, randomData, rng } from '../jsonnet/yaml-data-gen.js';

/** Compares the fast emitter with the library on `docs`; returns how many the emitter wrote itself. */
function agreeOn(docs: unknown[]): number {
  let handled = 0;
  for (const doc of docs) {
    const fast = emitYaml(doc);
    if (fast === undefined) continue;
    handled++;
    const reference = yamlLibrary(doc);
    if (fast !== reference) expect({ doc, fast }).toEqual({ doc, fast: reference });
  }
  return handled;
}

describe('emitYaml', () => {
  it('writes what the yaml library writes, on generated data full of YAML-hostile strings', () => {
    const random = rng(20261205);
    const docs = Array.from({ length: 4000 }, () => ({ a: randomData(random), b: [randomData(random)] }));
    const handled = agreeOn(docs);
    // The hostile words include control characters and line-broken keys, which go to the library.
    expect(handled).toBeGreaterThan(1000);
  });

  it('handles every document whose strings have no control characters and keys no line breaks', () => {
    const random = rng(7);
    const docs = Array.from({ length: 3000 }, () => ({ spec: randomData(random, KEY_WORDS, KEY_WORDS) }));
    const handled = agreeOn(docs);
    const withMarkerKeys = docs.filter((d) => /"(---|\.\.\.)[^"]*":/.test(JSON.stringify(d))).length;
    expect(handled).toBeGreaterThanOrEqual(docs.length - withMarkerKeys);
  });

  it('keeps literal blocks, quoting and empty collections as the library does', () => {
    const doc = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { annotations: { 'a/b': 'true', n: '8080', q: 'say "hi"', s: "it's" }, name: 'x' },
      data: {
        'script.sh': '#!/bin/sh\nset -e\n\necho "hi"\n',
        indented: '  two spaces\nthen none',
        marker: 'a\n---\nb\n',
        empty: '',
      },
      list: [[], {}, [1, [2, 'x: y']], { a: null, b: -0, c: 1e21, d: 0.1 }],
    };
    const fast = emitYaml(doc);
    expect(fast).toBe(yamlLibrary(doc));
    expect(fast).toContain('script.sh: |\n    #!/bin/sh\n    set -e\n\n    echo "hi"\n');
  });

  it('knows the installed yaml schema, so most strings skip its implicit-type tests', () => {
    expect(firstCharShortcut).toBe(true);
  });

  it('leaves shapes it does not write to the library, and toYaml still prints them', () => {
    for (const doc of [
      { a: 'bell\u0007' },
      { 'multi\nline': 1 },
      { a: 'x\n\n\n' },
      { '--- k': 1 },
      'top',
      42,
    ]) {
      expect(emitYaml(doc)).toBeUndefined();
      expect(toYaml(doc)).toBe(yamlLibrary(doc));
    }
  });

  it('agrees with the library on every object the Kubeflow prototypes render', () => {
    const objects = matrix().flatMap((c) => renderObjects(c.prototype, c.values));
    expect(objects.length).toBeGreaterThan(50);
    expect(agreeOn(objects)).toBe(objects.length);
  });
});
