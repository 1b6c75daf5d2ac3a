#!/usr/bin/env node
// `npm run demo`: runs the walkthrough with the real kf binary in a temporary directory, against
// two local control planes (kube-apiserver + etcd built from Go modules) when they can be started,
// otherwise rendering only. The app directory is left for the user to explore.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { walkthroughSteps } from './walkthrough.js';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

// Where the TFJob's pods run (the demo shows it; kf itself has no "get pods").
async function describePods(kubeconfig, context, job) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(context);
  const pods = await kc
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: 'default', labelSelector: `training.kubeflow.org/job-name=${job}` });
  return pods.items
    .map((p) => {
      const gpu = p.spec.containers.find((c) => c.resources?.limits?.['nvidia.com/gpu'])?.resources.limits['nvidia.com/gpu'];
      return `#   ${p.metadata.name} on node ${p.spec.nodeName ?? '(unscheduled)'}, ${p.status.phase}${gpu ? `, nvidia.com/gpu: ${gpu}` : ''}`;
    })
    .join('\n');
}
const showPodsAfter = { 'apply-cnn-minikube': 'minikube', 'apply-cnn-gke': 'gke' };

const root = fileURLToPath(new URL('..', import.meta.url));
const kfBin = join(root, 'bin', 'run.js');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const workDir = mkdtempSync(join(tmpdir(), 'kf-demo-'));
const appDir = join(workDir, 'my-kubeflow');

function clusterCli(command) {
  return spawnSync(tsx, [join(root, 'test', 'cluster', 'cli.ts'), command], { cwd: root, encoding: 'utf8' });
}

function startClusters() {
  if (process.env.KF_DEMO_NO_CLUSTER === '1') return { reason: 'KF_DEMO_NO_CLUSTER=1 is set' };
  if (spawnSync('go', ['version']).status !== 0 && !process.env.KUBEBUILDER_ASSETS) {
    return { reason: 'Go is not installed, so no local kube-apiserver can be built' };
  }
  console.log(
    '# starting two local clusters: kube-apiserver, etcd, kube-controller-manager, kube-scheduler, kwok nodes and the',
  );
  console.log('# Kubeflow training operator (the first run builds them from Go modules: ~40 CPU-minutes)');
  const up = clusterCli('up');
  if (up.status !== 0) return { reason: `the control planes did not start: ${(up.stderr || up.stdout).trim().split('\n').pop()}` };
  const match = /^kubeconfig: (.+)$/m.exec(up.stdout);
  if (!match) return { reason: 'cluster:up printed no kubeconfig path' };
  console.log(up.stdout.trim());
  return { kubeconfig: match[1] };
}

// Without clusters the environments still need contexts to bind to; a kubeconfig whose servers
// are never contacted (apply/diff/delete are skipped) lets the rendering half of the story run.
function offlineKubeconfig() {
  const path = join(workDir, 'kubeconfig');
  const cluster = (name, port) => ({ name, cluster: { server: `https://127.0.0.1:${port}` } });
  const context = (name) => ({ name, context: { cluster: name, user: 'demo', namespace: 'default' } });
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [cluster('minikube', 1), cluster('gke', 2)],
    users: [{ name: 'demo', user: { token: 'unused' } }],
    contexts: [context('minikube'), context('gke')],
    'current-context': 'minikube',
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

const started = startClusters();
const live = started.kubeconfig !== undefined;
if (!live) console.log(`# rendering only: ${started.reason}`);
const env = { ...process.env, KUBECONFIG: live ? started.kubeconfig : offlineKubeconfig(), FORCE_COLOR: '0' };

let failures = 0;
try {
  for (const step of walkthroughSteps({ registry: join(root, 'registry', 'kubeflow'), cluster: live })) {
    const cwd = step.cwd === 'parent' ? workDir : appDir;
    console.log(`\n$ kf ${step.args.join(' ')}${step.note ? `    # ${step.note}` : ''}`);
    // stdout and stderr share one file so progress lines and the summary keep their order.
    const outputFile = join(workDir, '.step-output');
    const fd = openSync(outputFile, 'w');
    const result = spawnSync(process.execPath, [kfBin, ...step.args], { cwd, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const output = readFileSync(outputFile, 'utf8').trimEnd();
    const lines = output.split('\n');
    console.log(lines.length > 60 ? [...lines.slice(0, 60), `... (${lines.length - 60} more lines)`].join('\n') : output);
    if (live && showPodsAfter[step.id]) {
      console.log(`# pods of TFJob cnn in ${showPodsAfter[step.id]}:`);
      console.log(await describePods(env.KUBECONFIG, showPodsAfter[step.id], 'cnn'));
    }
    const failed = result.status !== 0;
    if (failed !== Boolean(step.expectFailure)) {
      failures++;
      console.log(`# UNEXPECTED: exit code ${result.status}`);
    } else if (failed) {
      console.log(`# (exit code ${result.status}, as expected)`);
    }
  }
} finally {
  rmSync(join(workDir, '.step-output'), { force: true });
  if (live) {
    const down = clusterCli('down');
    console.log(`\n# ${down.stdout.trim() || down.stderr.trim()}`);
  }
}
console.log(`\nThe app is in ${appDir}${failures ? `\n${failures} step(s) did not behave as expected` : ''}`);
process.exit(failures ? 1 : 0);
