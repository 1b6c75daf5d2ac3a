import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFilesCached, FormattedCache } from '../../src/cli/fmt-cache.js';
import { tempDir } from '../helpers/run-kf.js';

const UGLY = '{a:1,"b":  2}';
const PRETTY = '{ a: 1, b: 2 }\n';
const bytes = (text: string) => Buffer.from(text, 'utf8');

function cacheIn(dir = join(tempDir('kf-fmt-cache-'), 'fmt'), build = 'v1', maxEntries?: number) {
  return { dir, cache: new FormattedCache(dir, build, {}, maxEntries) };
}

function folder(files: Record<string, string>): string {
  const root = tempDir('kf-fmt-cached-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const entries = (dir: string) => readdirSync(dir).filter((n) => /^[0-9a-f]{64}$/.test(n));

describe('FormattedCache', () => {
  it('knows the bytes it was given once saved, and only those', () => {
    const { dir, cache } = cacheIn();
    expect(cache.has(bytes(PRETTY))).toBe(false);
    cache.add(PRETTY);
    expect(cache.has(bytes(PRETTY))).toBe(false); // not saved yet
    cache.save();
    expect(cache.has(bytes(PRETTY))).toBe(true);
    expect(new FormattedCache(dir, 'v1', {}).has(bytes(PRETTY))).toBe(true);
    expect(cache.has(bytes(PRETTY + ' '))).toBe(false);
    expect(cache.has(bytes(UGLY))).toBe(false);
  });

  it('misses with another build or other layout options', () => {
    const { dir, cache } = cacheIn();
    cache.add(PRETTY);
    cache.save();
    expect(new FormattedCache(dir, 'v2', {}).has(bytes(PRETTY))).toBe(false);
    expect(new FormattedCache(dir, 'v1', { padObjects: false }).has(bytes(PRETTY))).toBe(false);
    // The defaults spelled out are the same options.
    expect(new FormattedCache(dir, 'v1', { indent: 2, stringStyle: 's' }).has(bytes(PRETTY))).toBe(true);
  });

  it('ignores a damaged entry (anything but an empty file), and a later save replaces it', () => {
    const { dir, cache } = cacheIn();
    cache.add(PRETTY);
    cache.save();
    const [entry] = entries(dir);
    expect(readFileSync(join(dir, entry), 'utf8')).toBe('');
    writeFileSync(join(dir, entry), 'x');
    expect(cache.has(bytes(PRETTY))).toBe(false);
    cache.add(PRETTY);
    cache.save();
    expect(readFileSync(join(dir, entry), 'utf8')).toBe('');
    expect(cache.has(bytes(PRETTY))).toBe(true);
    rmSync(join(dir, entry));
    mkdirSync(join(dir, entry));
    expect(cache.has(bytes(PRETTY))).toBe(false);
  });

  it('saves an entry another run made, and a folder it cannot write only costs the hits', () => {
    const { dir, cache } = cacheIn();
    cache.add(PRETTY);
    cache.save();
    const other = new FormattedCache(dir, 'v1', {});
    other.add(PRETTY);
    other.save();
    expect(entries(dir)).toHaveLength(1);
    expect(other.has(bytes(PRETTY))).toBe(true);
    const file = join(tempDir('kf-fmt-cache-'), 'a-file');
    writeFileSync(file, '');
    const blocked = new FormattedCache(join(file, 'fmt'), 'v1', {});
    blocked.add(PRETTY);
    expect(() => blocked.save()).not.toThrow();
    expect(blocked.has(bytes(PRETTY))).toBe(false);
  });

  it('trims the oldest entries past its bound, once a day', () => {
    const { dir, cache } = cacheIn(undefined, 'v1', 4);
    for (let i = 0; i < 5; i++) cache.add(`{ x: ${i} }\n`);
    cache.save(); // the first save trims: 5 entries, over 4, down to 2
    expect(entries(dir)).toHaveLength(2);
    for (let i = 5; i < 10; i++) cache.add(`{ x: ${i} }\n`);
    cache.save(); // trimmed less than a day ago
    expect(entries(dir)).toHaveLength(7);
    const old = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(join(dir, 'last-trim'), old, old);
    for (const name of entries(dir)) utimesSync(join(dir, name), old, old);
    cache.add('{ x: 10 }\n');
    cache.save();
    expect(entries(dir)).toHaveLength(2);
    expect(cache.has(bytes('{ x: 10 }\n'))).toBe(true); // the newest stays
  });
});

describe('formatFilesCached', () => {
  it('remembers the files found formatted and those it wrote formatted', () => {
    const root = folder({ 'a.jsonnet': UGLY, 'ok.libsonnet': PRETTY });
    const { cache } = cacheIn();
    const first = formatFilesCached({ paths: [root] }, cache);
    expect(first.files.map((f) => f.changed)).toEqual([true, false]);
    expect(readFileSync(join(root, 'a.jsonnet'), 'utf8')).toBe(PRETTY);
    expect(cache.has(bytes(PRETTY))).toBe(true);
  });

  it('does not remember a file --test found unformatted', () => {
    const root = folder({ 'a.jsonnet': UGLY });
    const { cache } = cacheIn();
    const r = formatFilesCached({ paths: [root], check: true }, cache);
    expect(r.files).toEqual([{ path: join(root, 'a.jsonnet'), changed: true }]);
    expect(cache.has(bytes(UGLY))).toBe(false);
    expect(readFileSync(join(root, 'a.jsonnet'), 'utf8')).toBe(UGLY);
  });

  it('skips a file whose bytes the cache knows, and formats it again once they change', () => {
    const root = folder({ 'a.jsonnet': UGLY, 'b.jsonnet': UGLY, 'c.jsonnet': PRETTY });
    const { cache } = cacheIn();
    // An entry for these bytes says "formatted": the formatter is not asked (it would disagree).
    cache.add(UGLY);
    cache.save();
    const hit = formatFilesCached({ paths: [root], check: true, keepText: true }, cache);
    expect(hit.files).toEqual([
      { path: join(root, 'a.jsonnet'), changed: false, before: UGLY, after: UGLY },
      { path: join(root, 'b.jsonnet'), changed: false, before: UGLY, after: UGLY },
      { path: join(root, 'c.jsonnet'), changed: false, before: PRETTY, after: PRETTY },
    ]);
    writeFileSync(join(root, 'b.jsonnet'), `${UGLY} `);
    const miss = formatFilesCached({ paths: [root], check: true }, cache);
    // Found in the same order as without a cache, hits and misses mixed.
    expect(miss.files.map((f) => [f.path, f.changed])).toEqual([
      [join(root, 'a.jsonnet'), false],
      [join(root, 'b.jsonnet'), true],
      [join(root, 'c.jsonnet'), false],
    ]);
  });

  it('reports a file that does not parse as formatFiles does, and does not remember it', () => {
    const root = folder({ 'bad.jsonnet': '{', 'ok.jsonnet': PRETTY });
    const { cache } = cacheIn();
    const r = formatFilesCached({ paths: [root] }, cache);
    expect(r.failures.map((f) => f.path)).toEqual([join(root, 'bad.jsonnet')]);
    expect(r.files).toEqual([{ path: join(root, 'ok.jsonnet'), changed: false }]);
    expect(cache.has(bytes('{'))).toBe(false);
  });
});
