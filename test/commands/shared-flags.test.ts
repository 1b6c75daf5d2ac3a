// The shared flag groups: every command that renders takes the same render flags (-c, -J, -V,
// --ext-code, --tla-str, --tla-code) and renders with them exactly what `kf show` renders; every
// command that connects or reads contexts takes --kubeconfig and --force-context; --dry-run means
// none|client|server wherever it exists.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import Apply from '../../src/commands/apply.js';
import Delete from '../../src/commands/delete.js';
import Diff from '../../src/commands/diff.js';
import EnvAdd from '../../src/commands/env/add.js';
import EnvSet from '../../src/commands/env/set.js';
import Export from '../../src/commands/export.js';
import Init from '../../src/commands/init.js';
import Show from '../../src/commands/show.js';
import Status from '../../src/commands/status.js';
import Validate from '../../src/commands/validate.js';
import { apply, show } from '../../src/workflow/index.js';
import { ensureBuilt, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';

beforeAll(() => void ensureBuilt(), 600_000);

const RENDER_FLAGS = [
  'component',
  'jpath',
  'ext-str',
  'ext-code',
  'tla-str',
  'tla-code',
  'allow-imports-outside-app',
];
const CONNECTION_FLAGS = ['kubeconfig', 'force-context'];

type FlagDefs = Record<string, { char?: string; description?: string; options?: readonly string[] }>;

describe('flag groups are defined once and used everywhere', () => {
  const renderers = {
    show: Show,
    apply: Apply,
    diff: Diff,
    delete: Delete,
    status: Status,
    export: Export,
    validate: Validate,
  };
  it.each(Object.entries(renderers))(
    '%s takes every render flag, spelled and described alike',
    (_, command) => {
      const flags = command.flags as FlagDefs;
      const reference = Show.flags as FlagDefs;
      for (const name of RENDER_FLAGS) {
        expect(flags[name], name).toBeDefined();
        expect({ char: flags[name].char, description: flags[name].description }).toEqual({
          char: reference[name].char,
          description: reference[name].description,
        });
      }
      expect(flags.component.char).toBe('c');
      expect(flags.jpath.char).toBe('J');
      expect(flags['ext-str'].char).toBe('V');
    },
  );

  const connectors = {
    apply: Apply,
    diff: Diff,
    delete: Delete,
    status: Status,
    validate: Validate,
    init: Init,
    'env add': EnvAdd,
    'env set': EnvSet,
  };
  it.each(Object.entries(connectors))('%s takes --kubeconfig and --force-context', (_, command) => {
    const flags = command.flags as FlagDefs;
    for (const name of CONNECTION_FLAGS)
      expect(flags[name]?.description).toBe((Apply.flags as FlagDefs)[name].description);
  });

  it('--dry-run is none|client|server on apply and delete', () => {
    for (const command of [Apply, Delete])
      expect((command.flags as FlagDefs)['dry-run'].options).toEqual(['none', 'client', 'server']);
  });
});

describe('every rendering command renders what kf show renders with the same flags', () => {
  let app: string;
  let jlib: string;
  // -J, an ext var as a string, one as code, a TLA as a string: each changes the object.
  const RENDER = ['-c', 'probe', '-V', 'who=me', '--ext-code', 'n="5"', '--tla-str', 'suffix=x'];

  beforeAll(() => {
    app = join(tempDir(), 'app');
    cpSync(join(REPO_ROOT, 'test', 'fixtures', 'apps', 'render-basic'), app, { recursive: true });
    jlib = join(tempDir(), 'jlib');
    mkdirSync(jlib);
    writeFileSync(join(jlib, 'extra.libsonnet'), "{ team: 'from-jpath' }\n");
    writeFileSync(
      join(app, 'components', 'probe.jsonnet'),
      `function(suffix='none') {
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name: std.extVar('who') + '-' + suffix, labels: { team: (import 'extra.libsonnet').team } },
  data: { code: std.extVar('n') },
}
`,
    );
  });

  const args = () => [...RENDER, '-J', jlib];

  async function shown(): Promise<{
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    data: unknown;
  }> {
    const result = await runKf(['show', 'dev', ...args(), '-o', 'json'], { cwd: app });
    expect(result.stderr).toBe('');
    const items = JSON.parse(result.stdout).items;
    expect(items).toHaveLength(1);
    return items[0];
  }

  it('show applies -J, -V, --ext-code, --tla-str and --tla-code', async () => {
    const object = await shown();
    expect(object.metadata.name).toBe('me-x');
    expect(object.metadata.labels.team).toBe('from-jpath');
    expect(object.data).toEqual({ code: '5' });
    const code = await runKf(
      [
        'show',
        'dev',
        '-c',
        'probe',
        '-J',
        jlib,
        '-V',
        'who=me',
        '--ext-code',
        'n="5"',
        '--tla-code',
        'suffix="y"',
      ],
      { cwd: app },
    );
    expect(code.stderr).toBe('');
    expect(code.stdout).toContain('name: me-y');
  });

  it('apply --dry-run=client plans the objects show renders', async () => {
    const object = await shown();
    const result = await runKf(['apply', 'dev', ...args(), '--dry-run=client', '-o', 'json'], { cwd: app });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).objects).toEqual([
      {
        name: `configmap/${object.metadata.name}`,
        namespace: object.metadata.namespace,
        component: 'probe',
        wave: 'namespaced',
      },
    ]);
  });

  it('delete --dry-run=client lists the objects show renders, contacting no cluster', async () => {
    const object = await shown();
    const result = await runKf(['delete', 'dev', ...args(), '--dry-run=client', '-o', 'json'], { cwd: app });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      kind: 'DeleteResult',
      environment: 'dev',
      dryRun: 'client',
      objects: [
        {
          name: `configmap/${object.metadata.name}`,
          namespace: object.metadata.namespace,
          component: 'probe',
        },
      ],
    });
  });

  it('diff of two environments renders both with the flags', async () => {
    const result = await runKf(['diff', 'dev', 'prod/eu', ...args(), '-o', 'json'], { cwd: app });
    expect(result.stderr).toBe('');
    const names = JSON.parse(result.stdout).objects.map((o: { name: string }) => o.name);
    expect(names).toContain('configmap/me-x');
  });

  it('export writes the object show renders', async () => {
    const object = await shown();
    const out = join(tempDir(), 'out');
    const result = await runKf(['export', 'dev', out, ...args()], { cwd: app });
    expect(result.exitCode).toBe(0);
    const files = readdirSync(join(out, 'dev', 'dev-ns'));
    expect(files).toHaveLength(1);
    expect(parse(readFileSync(join(out, 'dev', 'dev-ns', files[0]), 'utf8'))).toEqual(object);
    const check = await runKf(['export', 'dev', out, ...args(), '--check'], { cwd: app });
    expect(check.exitCode).toBe(0);
  });

  it('a repeatable flag takes one value: the environment or folder after it is an argument (kf show -c web dev)', async () => {
    const object = await shown();
    // -J took 'dev' as a second library folder ('no environment given'), -c took the folder
    const after = await runKf(['show', ...args(), 'dev', '-o', 'json'], { cwd: app });
    expect(after.stderr).toBe('');
    expect(JSON.parse(after.stdout).items).toEqual([object]);
    const out = join(tempDir(), 'out');
    const exported = await runKf(['export', 'dev', '-J', jlib, ...RENDER, out], { cwd: app });
    expect(exported.stderr).toMatch(/^exported 1 object of dev to /);
    expect(exported.exitCode).toBe(0);
    expect(readdirSync(join(out, 'dev', 'dev-ns'))).toHaveLength(1);
    const validated = await runKf(['validate', ...args(), 'dev'], { cwd: app });
    expect(validated.stderr).toContain('dev: 1 object,');
    expect(validated.exitCode).toBe(0);
  });

  it('validate checks what the flags render (a number where a string belongs is a problem)', async () => {
    const valid = await runKf(['validate', 'dev', ...args()], { cwd: app });
    expect(valid.exitCode).toBe(0);
    expect(valid.stderr).toContain('dev: 1 object,');
    const invalid = await runKf(['validate', 'dev', ...args(), '--ext-code', 'n=5'], { cwd: app });
    expect(invalid.exitCode).toBe(1);
    expect(invalid.stdout).toMatch(/ConfigMap .*me-x.*data\.code/);
  });

  it('the workflow layer renders the same objects for apply (client dry run) and show', async () => {
    const options = {
      cwd: app,
      env: 'dev',
      components: ['probe'],
      render: { jpath: [jlib], extVars: { who: 'me' }, extCode: { n: '"5"' }, tlaVars: { suffix: 'x' } },
    };
    const planned = await apply({ ...options, dryRun: 'client' });
    expect(planned.plan.map((p) => p.object)).toEqual(show(options).map((o) => o.object));
    expect(planned.plan[0].object.metadata.name).toBe('me-x');
  });

  it('a K=V flag without = takes the environment variable, and says so when it is unset', async () => {
    const fromEnv = await runKf(
      ['show', 'dev', '-c', 'probe', '-J', jlib, '-V', 'who', '--ext-code', 'n="5"'],
      {
        cwd: app,
        env: { who: 'env' },
      },
    );
    expect(fromEnv.stdout).toContain('name: env-none');
    const unset = await runKf(
      ['apply', 'dev', '-c', 'probe', '--tla-str', 'KF_UNSET_VAR', '--dry-run=client'],
      { cwd: app },
    );
    expect(unset.exitCode).toBe(2);
    expect(unset.stderr).toBe(
      "kf: --tla-str expects K=V, got 'KF_UNSET_VAR' (no environment variable KF_UNSET_VAR is set either)\n",
    );
  });
});
