// Apply benchmark: 300 objects (100 ConfigMaps, 100 Services, 100 Deployments) applied to a real
// kube-apiserver + etcd with `kf apply` and, in the same run, the same YAML with
// `kubectl apply --server-side -f`. Each run uses fresh namespaces; prints the median time ratio.
// Usage: npm run bench:apply [-- runs]   (target: kf / kubectl <= 0.5)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startClusters } from '../../test/cluster/clusters.js';
import { ensureBuilt } from '../../test/helpers/run-kf.js';

const runs = Number(process.argv[2] ?? 5);
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

function objects(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 100; i++) {
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `config-${i}` },
      data: { index: String(i), 'settings.yaml': `replicas: ${i}\nlevel: info\n` },
    });
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${i}` },
      spec: { selector: { app: `app-${i}` }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    out.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `app-${i}` },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: `app-${i}` } },
        template: {
          metadata: { labels: { app: `app-${i}` } },
          spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 8080 }] }] },
        },
      },
    });
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function timed(command: string, args: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}\n${result.stdout}`,
    );
  return ms;
}

async function main(): Promise<void> {
  // The built package the tests use (a private copy of the current sources).
  const kfBin = ensureBuilt();
  const clusters = await startClusters({ names: ['bench'] });
  const work = mkdtempSync(join(tmpdir(), 'kf-bench-apply-'));
  try {
    const env = { ...process.env, KUBECONFIG: clusters.kubeconfigPath, HOME: work, NO_COLOR: '1' };
    const server = clusters.state.controlPlanes[0].server;
    const yaml = objects()
      .map((o) => `---\n${stringify(o)}`)
      .join('');
    const yamlFile = join(work, 'objects.yaml');
    writeFileSync(yamlFile, yaml);
    const app = join(work, 'app');
    mkdirSync(join(app, 'components'), { recursive: true });
    writeFileSync(join(app, 'components', 'bench.yaml'), yaml);
    const kubectl = (args: string[]): void =>
      void execFileSync(KUBECTL, ['--context', 'bench', ...args], { env, stdio: 'ignore' });

    const samples: { kf: number; kubectl: number }[] = [];
    for (let run = 0; run <= runs; run++) {
      const kfNs = `bench-kf-${run}`;
      const kubectlNs = `bench-kubectl-${run}`;
      kubectl(['create', 'namespace', kfNs]);
      kubectl(['create', 'namespace', kubectlNs]);
      writeFileSync(
        join(app, 'app.yaml'),
        stringify({
          apiVersion: 'kf.dev/v1alpha1',
          kind: 'App',
          name: 'bench',
          environments: { bench: { context: 'bench', server, namespace: kfNs } },
          registries: {},
          libraries: {},
        }),
      );
      // Alternate which tool goes first so neither always meets a warmer server.
      const runKf = (): number =>
        timed(process.execPath, [kfBin, 'apply', 'bench', '--yes'], { cwd: app, env });
      const runKubectl = (): number =>
        timed(KUBECTL, ['--context', 'bench', 'apply', '--server-side', '-n', kubectlNs, '-f', yamlFile], {
          env,
        });
      let kfMs: number;
      let kubectlMs: number;
      if (run % 2 === 0) {
        kfMs = runKf();
        kubectlMs = runKubectl();
      } else {
        kubectlMs = runKubectl();
        kfMs = runKf();
      }
      const label = run === 0 ? 'warm-up (not counted)' : `run ${run}`;
      console.log(
        `${label}: kf apply ${kfMs.toFixed(0)} ms, kubectl apply --server-side ${kubectlMs.toFixed(0)} ms, ratio ${(kfMs / kubectlMs).toFixed(3)}`,
      );
      if (run > 0) samples.push({ kf: kfMs, kubectl: kubectlMs });
      // The test cluster's Service CIDR is a /24 and no namespace controller runs: free the
      // ClusterIPs of this run (outside the timed part) so the next run can allocate its own.
      kubectl(['delete', 'services', '--all', '-n', kfNs, '--wait=false']);
      kubectl(['delete', 'services', '--all', '-n', kubectlNs, '--wait=false']);
    }
    const kfMedian = median(samples.map((s) => s.kf));
    const kubectlMedian = median(samples.map((s) => s.kubectl));
    const ratio = median(samples.map((s) => s.kf / s.kubectl));
    console.log(
      `300 objects, ${runs} runs: median kf ${kfMedian.toFixed(0)} ms, median kubectl ${kubectlMedian.toFixed(0)} ms, median ratio ${ratio.toFixed(3)} (target <= 0.5)`,
    );
  } finally {
    await clusters.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
