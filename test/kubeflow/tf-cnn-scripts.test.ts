// The two Python programs tf-cnn puts in its pods, run exactly as rendered (python3 -c <source>
// <args>): the init container unpacks a benchmarks archive, the launcher turns TF_CONFIG into
// tf_cnn_benchmarks flags and exits with the benchmark's status.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { create as createTar } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderObjects } from './render-prototype.js';

let job: any;
beforeAll(() => {
  [job] = renderObjects('tf-cnn', { name: 'cnn', num_workers: 2, num_ps: 1 });
});

function run(command: string[], args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(command[0], [...command.slice(1), ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

describe('tf-cnn pod programs', () => {
  it('the init container unpacks scripts/ of the archive into the shared volume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-tf-cnn-'));
    const source = join(dir, 'src', 'benchmarks-0123abc', 'scripts', 'tf_cnn_benchmarks');
    mkdirSync(source, { recursive: true });
    writeFileSync(join(source, 'tf_cnn_benchmarks.py'), 'print("benchmark")\n');
    writeFileSync(join(dir, 'src', 'benchmarks-0123abc', 'README.md'), 'not unpacked\n');
    const archive = join(dir, 'benchmarks.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: join(dir, 'src') }, ['benchmarks-0123abc']);

    const init = job.spec.tfReplicaSpecs.Worker.template.spec.initContainers[0];
    const [python, flag, program] = init.command as string[];
    const dest = join(dir, 'opt');
    mkdirSync(dest);
    const result = run([python, flag, program], [pathToFileURL(archive).href, dest], dir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(dest)).toEqual(['scripts']);
    expect(readdirSync(join(dest, 'scripts', 'tf_cnn_benchmarks'))).toEqual(['tf_cnn_benchmarks.py']);
  });

  it('the launcher passes the cluster from TF_CONFIG to the benchmark and exits with its status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-tf-cnn-'));
    writeFileSync(
      join(dir, 'tf_cnn_benchmarks.py'),
      'import json, os, sys\nprint(json.dumps(sys.argv[1:]))\nsys.exit(int(os.environ.get("EXIT_CODE", "0")))\n',
    );
    const worker = job.spec.tfReplicaSpecs.Worker.template.spec.containers[0];
    const tfConfig = {
      cluster: {
        ps: ['cnn-ps-0.default.svc:2222'],
        worker: ['cnn-worker-0.default.svc:2222', 'cnn-worker-1.default.svc:2222'],
      },
      task: { type: 'worker', index: 1 },
      environment: 'cloud',
    };
    const result = run(worker.command, worker.args, dir, { TF_CONFIG: JSON.stringify(tfConfig) });
    expect(result.status).toBe(0);
    const flags = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(flags).toEqual([
      ...worker.args,
      '--job_name=worker',
      '--task_index=1',
      '--ps_hosts=cnn-ps-0.default.svc:2222',
      '--worker_hosts=cnn-worker-0.default.svc:2222,cnn-worker-1.default.svc:2222',
    ]);
    const failed = run(worker.command, worker.args, dir, {
      TF_CONFIG: JSON.stringify(tfConfig),
      EXIT_CODE: '3',
    });
    expect(failed.status).toBe(3);
  });
});
