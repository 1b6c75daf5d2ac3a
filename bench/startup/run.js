#!/usr/bin/env node
// Start-up benchmark: kf's offline commands against a bare `node -e 0`, median wall time of N runs
// (target: every ratio <= 2.0). The app is the walkthrough's (kf init, the kubeflow registry, core +
// tf-job + tf-serving, three components, two environments), built offline in a temporary directory.
// Usage: node bench/startup/run.js [runs]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 25);
const kf = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const registry = fileURLToPath(new URL('../../registry/kubeflow', import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function kfOrThrow(args, cwd) {
  const result = spawnSync(process.execPath, [kf, ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`kf ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
}

const work = mkdtempSync(join(tmpdir(), 'kf-bench-startup-'));
const app = join(work, 'my-kubeflow');
kfOrThrow(['init', 'my-kubeflow'], work);
for (const args of [
  ['registry', 'add', 'kubeflow', registry],
  ['pkg', 'install', 'kubeflow/core'],
  ['pkg', 'install', 'kubeflow/tf-job'],
  ['pkg', 'install', 'kubeflow/tf-serving'],
  ['generate', 'core', 'kubeflow-core', '--name=kubeflow-core'],
  ['env', 'add', 'minikube', '--context=minikube'],
  ['env', 'add', 'gke', '--context=gke'],
  ['generate', 'tf-cnn', 'cnn', '--name=cnn'],
  ['param', 'set', '--env=gke', 'cnn', 'num_gpus', '1'],
  ['generate', 'tf-serving', 'inception', '--name=inception', '--model_path=gs://kubeflow-models/inception'],
])
  kfOrThrow(args, app);

// kf runs as the installed `kf` does: the file itself, started through its /bin/sh line.
const node = (args, env = process.env) => [process.execPath, args, env];
const kfCommand = (args) => [kf, args, process.env];
const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
const commands = [
  ['node -e 0', node(['-e', '0'])],
  // Node reads NODE_EXTRA_CA_CERTS before any JavaScript (~40 ms for a system bundle); kf started
  // as a program does not (bin/run.js). Where it is set, the baseline without it is shown too.
  ...(extraCaCerts
    ? [['node -e 0, no CA var', node(['-e', '0'], { ...process.env, NODE_EXTRA_CA_CERTS: '' })]]
    : []),
  ['kf --version', kfCommand(['--version'])],
  ['kf --help', kfCommand(['--help'])],
  ['kf env list', kfCommand(['env', 'list'])],
  ['kf param list', kfCommand(['param', 'list'])],
  ['kf prototype list', kfCommand(['prototype', 'list'])],
  ['kf show gke', kfCommand(['show', 'gke'])],
];

// Commands take turns run by run, so a change in machine load touches them all alike.
const samples = commands.map(() => []);
for (let i = 0; i < runs + 2; i++) {
  commands.forEach(([name, [file, args, env]], c) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(file, args, { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr}`);
    if (i >= 2) samples[c].push(elapsed); // the first two rounds warm the file cache
  });
}
rmSync(work, { recursive: true, force: true });

const baseline = median(samples[0]);
const clean = extraCaCerts ? median(samples[1]) : baseline;
console.log(
  `runs per command: ${runs}; ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; NODE_EXTRA_CA_CERTS ${extraCaCerts ? `set (${extraCaCerts})` : 'not set'}`,
);
console.log(
  'command'.padEnd(22) +
    'median ms'.padStart(10) +
    'ratio'.padStart(8) +
    (extraCaCerts ? 'ratio to node without the CA var'.padStart(34) : ''),
);
for (const [c, [name]] of commands.entries()) {
  const ms = median(samples[c]);
  console.log(
    name.padEnd(22) +
      ms.toFixed(1).padStart(10) +
      (ms / baseline).toFixed(2).padStart(8) +
      (extraCaCerts ? (ms / clean).toFixed(2).padStart(34) : ''),
  );
}
const kfSamples = samples.filter((_, c) => commands[c][0].startsWith('kf '));
const worst = Math.max(...kfSamples.map((s) => median(s) / baseline));
console.log(`worst ratio: ${worst.toFixed(2)} (target <= 2.00) ${worst <= 2 ? 'OK' : 'ABOVE TARGET'}`);
if (extraCaCerts) {
  const worstClean = Math.max(...kfSamples.map((s) => median(s) / clean));
  console.log(`worst ratio to node without NODE_EXTRA_CA_CERTS: ${worstClean.toFixed(2)}`);
}
