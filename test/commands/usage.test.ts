// What a user sees when they mistype: unknown commands and topics with a suggestion, missing
// arguments by their help names, usage errors exit 2 with one line; and completion end to end.
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runKf, tempDir } from '../helpers/run-kf.js';

beforeAll(() => void ensureBuilt(), 600_000);

describe('unknown commands', () => {
  it("get kf's one-line usage error with the closest command", async () => {
    const result = await runKf(['aply', 'gke']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("kf: unknown command 'aply' (did you mean 'apply'? see: kf --help)\n");
  });

  it("inside a topic suggest the topic's commands, and unknown topics the closest topic", async () => {
    const inTopic = await runKf(['prototype', 'preveiw', 'tf-cnn']);
    expect(inTopic.exitCode).toBe(2);
    expect(inTopic.stderr).toBe(
      "kf: unknown command 'prototype preveiw' (did you mean 'prototype preview'? see: kf prototype --help)\n",
    );
    const topic = await runKf(['parm', 'set']);
    expect(topic.stderr).toBe("kf: unknown command 'parm' (did you mean 'param'? see: kf --help)\n");
    const nothing = await runKf(['frobnicate']);
    expect(nothing.stderr).toBe("kf: unknown command 'frobnicate' (see: kf --help)\n");
    expect(nothing.exitCode).toBe(2);
  });

  it('asked for help (kf help aply, kf aply --help) get the same one line, and known ones their help', async () => {
    for (const args of [
      ['help', 'aply'],
      ['aply', '--help'],
    ]) {
      const result = await runKf(args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe("kf: unknown command 'aply' (did you mean 'apply'? see: kf --help)\n");
    }
    const inTopic = await runKf(['help', 'env', 'ad']);
    expect(inTopic.exitCode).toBe(2);
    expect(inTopic.stderr).toBe(
      "kf: unknown command 'env ad' (did you mean 'env add'? see: kf env --help)\n",
    );
    const known = await runKf(['help', 'apply']);
    expect(known.exitCode).toBe(0);
    expect(known.stdout).toMatch(/^Render an environment and server-side apply it/);
  });
});

describe('arguments', () => {
  it('are named as in the help when missing', async () => {
    const set = await runKf(['param', 'set', 'cnn']);
    expect(set.exitCode).toBe(2);
    expect(set.stderr).toBe(
      'kf: missing argument VALUE (usage: kf param set [COMPONENT] PARAM VALUE; see: kf param set --help)\n',
    );
    const diff = await runKf(['param', 'diff', 'gke']);
    expect(diff.exitCode).toBe(2);
    expect(diff.stderr).toBe('kf: missing argument ENV2: second environment (see: kf param diff --help)\n');
    const preview = await runKf(['prototype', 'preview']);
    expect(preview.exitCode).toBe(2);
    expect(preview.stderr).toBe(
      'kf: expected a prototype name (usage: kf prototype preview PROTOTYPE [--<param>=<value> ...]; see: kf prototype preview --help)\n',
    );
    const help = await runKf(['param', 'set', '--help']);
    expect(help.stdout).toContain('$ kf param set [COMPONENT] PARAM VALUE');
  });

  it('status --timeout is refused without --watch (it would do nothing), and a wrong duration before any cluster', async () => {
    const cwd = tempDir('kf-status-flags-'); // no app and no kubeconfig: neither is reached
    const alone = await runKf(['status', 'gke', '--timeout', '5m'], { cwd });
    expect([alone.exitCode, alone.stderr]).toEqual([
      2,
      'kf: --timeout needs --watch (see: kf status --help)\n',
    ]);
    const wrong = await runKf(['status', 'gke', '--watch', '--timeout', '5x'], { cwd });
    expect([wrong.exitCode, wrong.stderr]).toEqual([
      2,
      "kf: invalid duration '5x' for --timeout (use e.g. 90s, 5m or 1h30m)\n",
    ]);
  });

  it("flags that cannot go together are named in one line of kf's words", async () => {
    const cwd = tempDir('kf-flag-pairs-');
    const fmt = await runKf(['fmt', '--test', '--diff'], { cwd });
    expect([fmt.exitCode, fmt.stderr]).toEqual([
      2,
      'kf: --test and --diff cannot be used together (see: kf fmt --help)\n',
    ]);
    const current = await runKf(['env', 'current', '--set', 'x', '--unset'], { cwd });
    expect([current.exitCode, current.stderr]).toEqual([
      2,
      'kf: --set and --unset cannot be used together (see: kf env current --help)\n',
    ]);
  });

  it('prototype describe lists --name as optional, defaulting to the component name', async () => {
    const result = await runKf(['prototype', 'describe', 'deployed-service']);
    expect(result.exitCode).toBe(0);
    const [required, optional] = result.stdout.split('OPTIONAL PARAMETERS:');
    expect(required).not.toMatch(/--name\b/);
    expect(optional).toMatch(/--name\s+string\s+<component name>/);
    const json = JSON.parse(
      (await runKf(['prototype', 'describe', 'deployed-service', '-o', 'json'])).stdout,
    );
    expect(json.params.find((p: { name: string }) => p.name === 'name').required).toBe(false);
  });
});

describe('completion', () => {
  let app: string;
  beforeAll(async () => {
    const parent = tempDir();
    expect((await runKf(['init', 'app'], { cwd: parent })).exitCode).toBe(0);
    app = join(parent, 'app');
    for (const args of [
      ['env', 'add', 'gke'],
      ['env', 'add', 'minikube'],
      ['generate', 'deployed-service', 'web', '--image=nginx'],
      ['registry', 'add', 'kubeflow'],
      ['pkg', 'install', 'kubeflow/tf-job'],
    ])
      expect((await runKf(args, { cwd: app })).exitCode, args.join(' ')).toBe(0);
  }, 120_000);

  it("kf __complete lists the app's environments, components, prototypes and packages", async () => {
    const complete = async (...words: string[]) =>
      (await runKf(['__complete', ...words], { cwd: app })).stdout;
    expect(await complete('apply', '')).toBe('default\ngke\nminikube\n');
    expect(await complete('param', 'set', '--env', 'g')).toBe('gke\n');
    expect(await complete('param', 'set', 'w')).toBe('web\n');
    expect(await complete('generate', 'tf-')).toBe('tf-cnn\ntf-job\n');
    expect(await complete('generate', 'deployed-service', 'web2', '--')).toBe(
      [
        '--containerPort',
        '--debug',
        '--dry-run',
        '--help',
        '--image',
        '--name',
        '--replicas',
        '--servicePort',
        '--type',
        '--values-file',
        '',
      ].join('\n'),
    );
    expect(await complete('pkg', 'install', 'kubeflow/')).toBe(
      'kubeflow/core\nkubeflow/tf-job\nkubeflow/tf-serving\n',
    );
    expect(await complete('pkg', 'rm', '')).toBe('kubeflow/tf-job\n');
    expect(await complete('prot')).toBe('prototype\n');
    // outside an app: commands still complete, names do not
    expect((await runKf(['__complete', 'apply', ''], { cwd: tempDir() })).stdout).toBe('');
  });

  it('the bash script completes through kf __complete', async () => {
    const bin = tempDir();
    const shim = join(bin, 'kf');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${ensureBuilt()}" "$@"\n`);
    chmodSync(shim, 0o755);
    const script = (await runKf(['completion', 'bash'])).stdout;
    mkdirSync(join(bin, 'scripts'));
    writeFileSync(join(bin, 'scripts', 'kf.bash'), script);
    const result = await execa(
      'bash',
      [
        '-c',
        `source ${join(bin, 'scripts', 'kf.bash')}; COMP_WORDS=(kf diff gke ""); COMP_CWORD=3; _kf_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { cwd: app, env: { PATH: `${bin}:${process.env.PATH}` }, reject: false },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('default\ngke\nminikube');
    for (const shell of ['zsh', 'fish']) {
      const text = (await runKf(['completion', shell])).stdout;
      expect(text).toContain('kf __complete');
    }
  });
});
