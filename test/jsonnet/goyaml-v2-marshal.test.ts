// kf's port of gopkg.in/yaml.v2 v2.4.0's Marshal (manifestYamlV2, src/jsonnet/goyaml-v2.ts), which
// Grafana Tanka writes every manifest with, against yaml.v2 itself through the Go oracle in
// test/tanka/go-yamlv2 (test/tanka/harness.ts builds it; without Go this suite fails). The cases
// are yaml-v3.test.ts's marshal corpus and cases for what only yaml.v2 does: YAML 1.1 quoting
// (`yes`, `on`, `y`), 2-space indentation with sequences not indented under their key, tabs, and
// folding at 80 columns. Then Grafana Tempo's committed `tk export` output
// (~/.cache/kf/realworld), which kf must write again byte for byte.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { manifestYamlV2, parseYaml, toYamlV2 } from '../../src/jsonnet/goyaml-v2.js';
import { hasDefinedOrder } from '../../src/jsonnet/goyaml-v2/sorter.js';
import { runYamlV2Oracle, type OracleResult } from '../tanka/harness.js';
import { v2Corpus } from './yaml-v2-corpus.js';
import { dataFiles, dataObjects, marshalCorpus, RAW_JSON } from './yaml-v3-corpus.js';
import { REALWORLD_DIR } from '../../bench/jsonnet/realworld-assemble.js';

/** Whether yaml.v2 writes the value one way only: no map's keys are in a cycle of keyList.Less. */
function deterministic(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(deterministic);
  if (value === null || typeof value !== 'object') return true;
  return hasDefinedOrder(Object.keys(value)) && Object.values(value).every(deterministic);
}

let cases: { texts: string[]; results: OracleResult[] } | undefined;

/** The cases and yaml.v2's answers, in one oracle process (made by the first test that needs them). */
function oracleCases() {
  if (cases !== undefined) return cases;
  const texts = [
    ...[...dataObjects(dataFiles()), ...marshalCorpus(), ...v2Corpus()].map((v) => JSON.stringify(v)),
    ...RAW_JSON,
  ];
  return (cases = { texts, results: runYamlV2Oracle(texts) });
}

const realworld = REALWORLD_DIR;
const tempoGen = path.join(realworld, 'grafana+tempo/operations/jsonnet-compiled/microservices/gen');

describe('yaml.v2 Marshal port, against gopkg.in/yaml.v2 v2.4.0 itself', () => {
  it("writes yaml.v2's format (an example)", () => {
    const yaml = 'a9: ""\na10: 1\nb:\n- 1e+06\n- "yes"\n- |-\n  two\n  lines\n- c: []\n  d:\n  - - "on"\n';
    expect(manifestYamlV2({ b: [1e6, 'yes', 'two\nlines', { c: [], d: [['on']] }], a10: 1, a9: '' })).toBe(
      yaml,
    );
  });

  // the port, and kf's direct writer (src/jsonnet/goyaml-v2/writer.ts) that must equal it
  it.each([
    ['manifestYamlV2', manifestYamlV2],
    ['toYamlV2', toYamlV2],
  ])('%s writes what yaml.Marshal writes, byte for byte', (_, write) => {
    const { texts, results } = oracleCases();
    expect(texts.length).toBeGreaterThan(20_000);
    const differing: { json: string; go: string; kf: string }[] = [];
    // where keyList.Less has a cycle, yaml.v2 writes the keys in a random order: only the data
    // must be the same there
    let cyclic = 0;
    texts.forEach((json, i) => {
      const r = results[i] as OracleResult;
      const value = JSON.parse(json) as unknown;
      const kf = write(value);
      if (r.out === kf) return;
      if (r.out !== undefined && !deterministic(value)) {
        cyclic++;
        if (isDeepStrictEqual(parse(r.out), parse(kf))) return;
      }
      differing.push({ json, go: r.out ?? `error: ${r.error}`, kf });
    });
    expect({ differing: differing.length, first: differing.slice(0, 5) }).toEqual({
      differing: 0,
      first: [],
    });
    expect(cyclic).toBeLessThan(50);
  });

  // Tempo commits `tk export` output; its objects, read back, must be written again as they are.
  it.skipIf(!existsSync(tempoGen))("writes Grafana Tempo's tk export output again, byte for byte", () => {
    const files = readdirSync(tempoGen).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBe(52);
    const differing = files.filter((f) => {
      const text = readFileSync(path.join(tempoGen, f), 'utf8');
      return manifestYamlV2(parseYaml(text)) !== text;
    });
    expect(differing).toEqual([]);
  });
  if (!existsSync(tempoGen))
    process.stderr.write(`SKIPPED: Tempo's tk export check, ${tempoGen} is missing\n`);
});
