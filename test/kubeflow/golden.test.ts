// The rendered output of each prototype with its default parameters, compared with the golden
// files under golden/ (reviewed by hand). UPDATE_GOLDEN=1 rewrites them after an intended change.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROTOTYPES, REQUIRED, renderPrototype } from './render-prototype.js';

const goldenDir = join(import.meta.dirname, 'golden');

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

describe('golden output with default parameters', () => {
  it.each(PROTOTYPES.map((p) => p.name))('%s', (name) => {
    const file = join(goldenDir, `${name}.json`);
    const text = JSON.stringify(sortKeys(renderPrototype(name, REQUIRED[name])), null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});
