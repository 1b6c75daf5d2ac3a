// Tanka's `import 'tk'` and std.extVar('tanka.dev/environment') in kf, against Tanka v0.38's
// `tk show <folder>` (built from test/tanka/go-eval), in a small Tanka project that is also a kf
// app: static environments whose objects carry `(import 'tk').env` fields and the whole ext var
// through std.manifestJson (so the JSON Tanka passes, its omitted empty fields included, is
// compared byte for byte by harness.ts' expectTankaShow), one library imported by both (each must
// see its own environment), an app file lib/tk that the builtin wins over; and an inline
// environment touching tk.env, refused by both with Tanka's message. Loopback only: the one
// apiServer is on 127.0.0.1, and neither tk show nor kf show connects.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKf, tempDir } from '../helpers/run-kf.js';
import { expectTankaShow, tankaShow, tankaShowFailure, type ShownObject } from './harness.js';

const environment = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    apiVersion: 'tanka.dev/v1alpha1',
    kind: 'Environment',
    metadata: { name: 'ignored' },
    spec,
    ...extra,
  });

/** folder → spec.json */
const STATIC: Record<string, string> = {
  // most fields set: they all appear in the ext var
  'tk/full': environment(
    {
      apiServer: '127.0.0.1:6443', // no scheme: Tanka passes https://
      contextNames: ['dev-.*'],
      namespace: 'full-ns',
      diffStrategy: 'server',
      applyStrategy: 'server',
      injectLabels: true,
      tankaEnvLabelFromFields: ['.metadata.name'],
      resourceDefaults: { labels: { team: 'a' }, annotations: { 'example.com/owner': 'a' } },
      expectVersions: { tanka: '>= 0.1.0' },
    },
    { metadata: { name: 'ignored', labels: { tier: 'one' } } },
  ),
  // nothing set: Tanka's defaults, its empty fields left out
  'tk/bare': environment({}),
  // a deprecated top-level team: Tanka makes it a label and leaves metadata.namespace out
  'tk/deprecated': environment({ namespace: 'd' }, { team: 'old-team' }),
};

const MAIN = `local tk = import 'tk';
local shared = import 'shared.libsonnet';
{
  env: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'env' },
    data: {
      name: tk.env.metadata.name,
      namespace: tk.env.spec.namespace,
      fromLibrary: shared.namespace,
      environment: std.manifestJson(std.extVar('tanka.dev/environment')),
      library: importstr 'tk',
    },
  },
}
`;

const INLINE = `{
  apiVersion: 'tanka.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'inline' },
  spec: { namespace: 'inline' },
  data: {
    cm: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: (import 'tk').env.spec.namespace } },
  },
}
`;

/** A kf app that is a Tanka project (jsonnetfile.json at its root): each environment folder under tk/, and a component importing it. */
async function project(): Promise<string> {
  const root = join(tempDir('kf-tanka-tk-env-'), 'app');
  const created = await runKf(['init', root, '--env', 'dev']);
  expect(created.exitCode, created.stderr).toBe(0);
  writeFileSync(join(root, 'jsonnetfile.json'), '{}\n');
  mkdirSync(join(root, 'lib'), { recursive: true });
  // both kf's and Tanka's library path hold lib/: the builtin must win
  writeFileSync(join(root, 'lib', 'tk'), "{ env: { metadata: { name: 'the app file' } } }\n");
  writeFileSync(join(root, 'lib', 'shared.libsonnet'), "{ namespace: (import 'tk').env.spec.namespace }\n");
  for (const [dir, spec] of Object.entries(STATIC)) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'main.jsonnet'), MAIN);
    writeFileSync(join(root, dir, 'spec.json'), spec);
    writeFileSync(join(root, 'components', `${component(dir)}.jsonnet`), `import '../${dir}/main.jsonnet'\n`);
  }
  mkdirSync(join(root, 'tk', 'inline'));
  writeFileSync(join(root, 'tk', 'inline', 'main.jsonnet'), INLINE);
  writeFileSync(join(root, 'components', 'inline.jsonnet'), "import '../tk/inline/main.jsonnet'\n");
  return root;
}

const component = (dir: string) => dir.replace('/', '-');

describe("Tanka's import 'tk' and tanka.dev/environment in kf components", () => {
  it('a static environment sees its spec as tk show passes it: the same YAML byte for byte', async () => {
    const root = await project();
    const shown = await runKf(
      ['show', 'dev', '-o', 'json', ...Object.keys(STATIC).flatMap((dir) => ['-c', component(dir)])],
      { cwd: root },
    );
    expect(shown.exitCode, shown.stderr).toBe(0);
    const items = (JSON.parse(shown.stdout) as { items: ShownObject[] }).items;
    for (const dir of Object.keys(STATIC)) {
      const text = tankaShow(root, [dir]);
      // what is compared is what this test means it to be: Tanka's values, not an app file's
      expect(text).toContain(`  name: ${dir}\n`);
      expect(text).toContain('env: std.extVar("tanka.dev/environment")');
      expect(text).not.toContain('the app file');
      const ours = items.filter((o) => o.metadata.labels?.['kf.dev/component'] === component(dir));
      expect(ours).toHaveLength(1);
      expectTankaShow(text, ours);
    }
    const full = tankaShow(root, ['tk/full']);
    expect(full).toContain('"apiServer": "https://127.0.0.1:6443"');
    expect(full).toContain('fromLibrary: full-ns');
    const deprecated = tankaShow(root, ['tk/deprecated']);
    expect(deprecated).toContain('"team": "old-team"');
    expect(deprecated).not.toContain('main.jsonnet"');
    expect(tankaShow(root, ['tk/bare'])).not.toContain('"labels"');
  }, 300_000);

  it('an inline environment that reads tk.env: Tanka and kf refuse it with the same message', async () => {
    const root = await project();
    const tanka = tankaShowFailure(root, ['tk/inline']);
    const message = /RUNTIME ERROR: (.*)\n/.exec(tanka)?.[1];
    expect(message).toMatch(/^Using tk\.env and std\.extVar\('tanka\.dev\/environment'\) is only supported/);
    const shown = await runKf(['show', 'dev', '-c', 'inline'], { cwd: root });
    expect(shown.exitCode).toBe(1);
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toContain(message!);
  }, 300_000);
});
