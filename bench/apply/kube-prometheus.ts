// kube-prometheus (130 objects, ten large CRDs and their custom resources) applied to a real
// kube-apiserver + etcd by `kf apply` and, on the same objects (kf show's YAML), the way
// kube-prometheus' README tells kubectl users to: `kubectl apply --server-side -f setup/`,
// `kubectl wait --for condition=Established --all CustomResourceDefinition`, `kubectl apply
// --server-side -f manifests/`. Everything is deleted between runs (the CRDs and cluster-scoped
// objects are shared); the tools alternate going first.
// Usage: npm run bench:apply:kube-prometheus [-- runs]   (default 3)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClusters } from '../../test/cluster/clusters.js';
import { ensureBuilt } from '../../test/helpers/run-kf.js';
import { kubePrometheusSource, writeKubePrometheusApp } from '../../test/integration/kube-prometheus/app.js';

const runs = Number(process.argv[2] ?? 3);
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function run(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`,
    );
  return result.stdout;
}

function timed(steps: (() => void)[]): number {
  const start = process.hrtime.bigint();
  for (const step of steps) step();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const source = kubePrometheusSource();
  if ('missing' in source) throw new Error(source.missing);
  const kfBin = ensureBuilt();
  const clusters = await startClusters({ names: ['bench'] });
  const work = mkdtempSync(join(tmpdir(), 'kf-bench-kube-prometheus-'));
  try {
    const env = { ...process.env, KUBECONFIG: clusters.kubeconfigPath, HOME: work, NO_COLOR: '1' };
    const app = join(work, 'app');
    const kf = (args: string[]) => run(process.execPath, [kfBin, ...args], { cwd: app, env });
    const kubectl = (args: string[]) => run(KUBECTL, ['--context', 'bench', ...args], { env });
    run(
      process.execPath,
      [kfBin, 'init', app, '--env', 'bench', '--context', 'bench', '--namespace', 'kp-0'],
      {
        env,
      },
    );
    writeKubePrometheusApp(app, source.dir);
    // CRD deletion waits for the apiserver's instance clean-up, slow on a loaded machine.
    const crdsGone = () => {
      let left = '';
      for (let i = 0; i < 720; i++) {
        left = kubectl(['get', 'crd', '-o', 'name'])
          .split('\n')
          .filter((l) => l.includes('monitoring.coreos.com'))
          .join(' ');
        if (left === '') return;
        execFileSync('sleep', ['0.25']);
      }
      throw new Error(`the CRDs of the previous run are still there after 180 s: ${left}`);
    };

    const samples: { kf: number; kubectl: number }[] = [];
    for (let i = 0; i <= runs; i++) {
      // no namespace controller on these bare planes: a fresh namespace per tool and run
      const kfNs = `kp-kf-${i}`;
      const kubectlNs = `kp-kubectl-${i}`;
      const measureKf = () => {
        kf(['env', 'set', 'bench', '--namespace', kfNs]);
        const ms = timed([() => kf(['apply', 'bench', '--yes'])]);
        kf(['delete', 'bench', '--yes']);
        crdsGone();
        return ms;
      };
      const measureKubectl = () => {
        kf(['env', 'set', 'bench', '--namespace', kubectlNs]);
        const docs = kf(['show', 'bench'])
          .split(/^---\n/m)
          .filter((d) => d.trim() !== '');
        const isSetup = (d: string) => /^kind: (Namespace|CustomResourceDefinition)$/m.test(d);
        const setup = join(work, 'setup.yaml');
        const manifests = join(work, 'manifests.yaml');
        writeFileSync(
          setup,
          docs
            .filter(isSetup)
            .map((d) => `---\n${d}`)
            .join(''),
        );
        writeFileSync(
          manifests,
          docs
            .filter((d) => !isSetup(d))
            .map((d) => `---\n${d}`)
            .join(''),
        );
        const ms = timed([
          () => kubectl(['apply', '--server-side', '-f', setup]),
          () => kubectl(['wait', '--for', 'condition=Established', '--all', 'CustomResourceDefinition']),
          () => kubectl(['apply', '--server-side', '-f', manifests]),
        ]);
        kubectl(['delete', '--wait=false', '-f', manifests]);
        kubectl(['delete', '-f', setup, '--wait=false']);
        crdsGone();
        return ms;
      };
      let kfMs: number;
      let kubectlMs: number;
      if (i % 2 === 0) {
        kfMs = measureKf();
        kubectlMs = measureKubectl();
      } else {
        kubectlMs = measureKubectl();
        kfMs = measureKf();
      }
      const label = i === 0 ? 'warm-up (not counted)' : `run ${i}`;
      console.log(
        `${label}: kf apply ${kfMs.toFixed(0)} ms, kubectl apply --server-side (setup, wait, manifests) ${kubectlMs.toFixed(0)} ms, ratio ${(kfMs / kubectlMs).toFixed(3)}`,
      );
      if (i > 0) samples.push({ kf: kfMs, kubectl: kubectlMs });
    }
    console.log(
      `kube-prometheus, 130 objects, ${runs} runs: median kf ${median(samples.map((s) => s.kf)).toFixed(0)} ms, median kubectl ${median(samples.map((s) => s.kubectl)).toFixed(0)} ms, median ratio ${median(samples.map((s) => s.kf / s.kubectl)).toFixed(3)}`,
    );
  } finally {
    await clusters.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
