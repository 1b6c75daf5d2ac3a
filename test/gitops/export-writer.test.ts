import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  layoutFiles,
  parseTemplate,
  type PlannedFile,
} from '../../src/render/export-layout.js';
import { ExportStage, readTree } from '../../src/render/export-tree.js';
import { FileWriter, WriteError } from '../../src/render/export-writer.js';
import type { KubeObject } from '../../src/kube-object.js';
import { snapshotTree, tempDir } from '../helpers/run-kf.js';

const cm = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns' },
  data: { name },
});
const files = (env: string, names: string[]): PlannedFile[] =>
  layoutFiles(
    env,
    names.map((name) => ({ component: 'c', object: cm(name) })),
    parseTemplate(DEFAULT_TEMPLATE),
  );

describe('the file writer threads', () => {
  for (const callerHelps of [false, true])
    it(`writes every file of every batch exactly as given (the caller helping at close: ${callerHelps})`, async () => {
      const dir = tempDir();
      const batches = [0, 1, 2].map((b) => {
        mkdirSync(join(dir, `b${b}`));
        return Array.from(
          { length: 150 },
          (_, i) =>
            [join(dir, `b${b}`, `f${i}.txt`), `batch ${b} file ${i} ✓\n`.repeat(i % 7)] as [string, string],
        );
      });
      const writer = new FileWriter(2, { callerHelps });
      for (const batch of batches) writer.write(batch);
      await writer.close();
      for (const [b, batch] of batches.entries()) {
        expect(readdirSync(join(dir, `b${b}`))).toHaveLength(150);
        for (const [path, content] of batch) expect(readFileSync(path, 'utf8')).toBe(content);
      }
    });

  for (const callerHelps of [false, true])
    it(`reports a failed write with its code and path (the caller helping at close: ${callerHelps})`, async () => {
      const dir = tempDir();
      writeFileSync(join(dir, 'not-a-folder'), 'x');
      const writer = new FileWriter(1, { callerHelps });
      writer.write([[join(dir, 'not-a-folder', 'a.txt'), 'a']]);
      writer.write(
        Array.from({ length: 50 }, (_, i) => [join(dir, `later-${i}.txt`), 'b'] as [string, string]),
      );
      const error = await writer.close().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WriteError);
      expect((error as WriteError).code).toBe('ENOTDIR');
      expect((error as WriteError).path).toBe(join(dir, 'not-a-folder', 'a.txt'));
    });
});

describe('an export stage written in the background', () => {
  it('writes the same folder as writing in-process', async () => {
    const planned = [...files('dev', ['a', 'b', 'c']), ...files('prod', ['a'])];
    const outs = [join(tempDir(), 'out'), join(tempDir(), 'out')];
    for (const [i, out] of outs.entries()) {
      const stage = ExportStage.begin(out, new Set(['dev', 'prod']), 'fail', { background: i === 1 });
      stage.add(planned.filter((f) => f.entry.environment === 'dev'));
      stage.add(planned.filter((f) => f.entry.environment === 'prod'));
      await stage.settle();
      stage.finish(planned);
    }
    expect(readTree(outs[1])).toEqual(readTree(outs[0]));
    expect([...readTree(outs[1]).keys()]).toContain('dev/ns/core_v1_ConfigMap_b.yaml');
  });

  it('a failed background write leaves the folder as it was and no temporary folder', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'x\n');
    const before = snapshotTree(out);
    const stage = ExportStage.begin(out, new Set(['dev']), 'fail', { background: true });
    // The second file's folder is made (in this thread) where the first file goes, so the writer
    // thread's write of the first file fails.
    const [first] = files('dev', ['a']);
    stage.add([first, { ...first, path: `${first.path}/inner.yaml` }]);
    const error = await stage.settle().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as WriteError).code).toBe('EISDIR');
    expect(snapshotTree(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('discard stops the writer and removes the temporary folder', async () => {
    const parent = tempDir();
    const out = join(parent, 'out');
    const stage = ExportStage.begin(out, new Set(['dev']), 'fail', { background: true });
    stage.add(
      files(
        'dev',
        Array.from({ length: 200 }, (_, i) => `cm-${i}`),
      ),
    );
    await stage.discard();
    expect(readdirSync(parent)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});
