// The user story (shared/brief/walkthrough.md), typed as a user would, with the real kf binary
// against the two real control planes (contexts minikube and gke) of the integration project,
// which run workloads: kwok nodes (gke has a GPU node), the scheduler, the controllers and the
// real Kubeflow training operator that kubeflow-core deploys. The story goes to its end: the
// TFJob trains (Running, then Succeeded) in both clusters, on the GPU node in gke, `kf status`
// shows the stack up, and `kf delete` removes the job and, through garbage collection, its pods.
// Then the two ways it goes wrong: a GPU job where there is no GPU, and a worker that fails.
import { CoreV1Api, KubeConfig, KubernetesObjectApi } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { walkthroughSteps } from '../../scripts/walkthrough.js';
import { REPO_ROOT, runKf, tempDir, type RunResult } from '../helpers/run-kf.js';
import { deleteKubeflowApp } from '../helpers/kubeflow-cleanup.js';

const kubeconfig = process.env.KUBECONFIG ?? '';
const steps = walkthroughSteps({ registry: join(REPO_ROOT, 'registry', 'kubeflow'), cluster: true });
const parent = tempDir('kf-e2e-');
const app = join(parent, 'my-kubeflow');
const results = new Map<string, RunResult>();
const snapshots = new Map<string, Map<string, string>>();
/** Cluster state captured right after a step, for objects a later step changes or deletes. */
const captured = new Map<string, unknown>();
const captureAfter: Record<string, () => Promise<void>> = {
  'apply-cnn-minikube': async () => {
    captured.set('minikube-cnn-pods', await podsOf('minikube', 'cnn'));
  },
  'apply-cnn-gke': async () => {
    captured.set('gke-cnn', await read('gke', 'kubeflow.org/v1', 'TFJob', 'cnn', 'default'));
    captured.set('gke-cnn-pods', await podsOf('gke', 'cnn'));
  },
  'apply-core-gke': async () => {
    captured.set('gke-operator-pods', await podsWithLabel('gke', 'control-plane=kubeflow-training-operator'));
  },
};

interface Pod {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    nodeName?: string;
    containers: {
      name: string;
      env?: { name: string; value?: string }[];
      resources?: { limits?: Record<string, string> };
    }[];
  };
  status: { phase?: string };
}

async function podsWithLabel(context: string, selector: string): Promise<Pod[]> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(context);
  const list = await kc
    .makeApiClient(CoreV1Api)
    .listNamespacedPod({ namespace: 'default', labelSelector: selector });
  return list.items as unknown as Pod[];
}

const podsOf = (context: string, job: string) =>
  podsWithLabel(context, `training.kubeflow.org/job-name=${job}`);

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** sha256 of every file in the app directory (except the git-ignored local state). */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(app, path);
      if (rel === '.kf' || rel === 'rendered') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  if (existsSync(app)) walk(app);
  return files;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

function client(context: string): KubernetesObjectApi {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(context);
  return KubernetesObjectApi.makeApiClient(kc);
}

async function read(context: string, apiVersion: string, kind: string, name: string, namespace?: string) {
  try {
    return await client(context).read({ apiVersion, kind, metadata: { name, namespace } } as never);
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

function step(id: string): RunResult {
  const result = results.get(id);
  if (!result) throw new Error(`step ${id} did not run`);
  return result;
}

function changedBy(id: string): string[] {
  const index = steps.findIndex((s) => s.id === id);
  const before = index === 0 ? new Map<string, string>() : snapshots.get(steps[index - 1].id)!;
  return changedFiles(before, snapshots.get(id)!);
}

interface TfJob {
  spec: {
    tfReplicaSpecs: Record<string, { replicas: number; template: { spec: { containers: Container[] } } }>;
  };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  resources?: { limits?: Record<string, unknown> };
}

describe('the walkthrough', () => {
  // The shared test clusters are left as found (other files apply kubeflow-core in apps of their own).
  afterAll(
    () =>
      deleteKubeflowApp(
        app,
        [
          { env: 'minikube', context: 'minikube' },
          { env: 'gke', context: 'gke' },
        ],
        kubeconfig,
      ),
    300_000,
  );

  beforeAll(async () => {
    expect(kubeconfig, 'the integration globalSetup exports KUBECONFIG').not.toBe('');
    for (const s of steps) {
      const result = await runKf(s.args, {
        cwd: s.cwd === 'parent' ? parent : app,
        env: { KUBECONFIG: kubeconfig },
      });
      results.set(s.id, result);
      snapshots.set(s.id, snapshot());
      await captureAfter[s.id]?.();
      const failed = result.exitCode !== 0;
      if (failed !== Boolean(s.expectFailure)) {
        throw new Error(
          `kf ${s.args.join(' ')} exited ${result.exitCode}\n${result.stdout}\n${result.stderr}`,
        );
      }
    }
  }, 900_000);

  it('1: init creates the app bound to the current context', () => {
    for (const entry of ['app.yaml', 'components', 'environments', 'lib', 'vendor']) {
      expect(existsSync(join(app, entry)), entry).toBe(true);
    }
    const spec = parseYaml(readFileSync(join(app, 'app.yaml'), 'utf8'));
    expect(spec.environments.default.context).toBe('minikube');
  });

  it('2-3: the registry is recorded and packages are vendored and locked', async () => {
    const spec = parseYaml(readFileSync(join(app, 'app.yaml'), 'utf8'));
    expect(Object.keys(spec.registries)).toContain('kubeflow');
    expect(Object.keys(spec.libraries).sort()).toEqual([
      'kubeflow/core',
      'kubeflow/tf-job',
      'kubeflow/tf-serving',
    ]);
    const lock = readFileSync(join(app, 'kf.lock'), 'utf8');
    for (const pkg of ['core', 'tf-job', 'tf-serving']) {
      expect(lock).toContain(`kubeflow/${pkg}`);
      expect(readdirSync(join(app, 'vendor', 'kubeflow')).some((d) => d.startsWith(`${pkg}@`))).toBe(true);
    }
    expect(lock).toMatch(/sha256/);
    // Installing again is a no-op.
    const before = snapshot();
    const again = await runKf(['pkg', 'install', 'kubeflow/core'], {
      cwd: app,
      env: { KUBECONFIG: kubeconfig },
    });
    expect(again.exitCode).toBe(0);
    expect(changedFiles(before, snapshot())).toEqual([]);
  });

  it('4: generate writes the component and its parameters', () => {
    expect(changedBy('generate-core')).toEqual([
      'components/kubeflow-core.jsonnet',
      'components/params.libsonnet',
    ]);
    expect(readFileSync(join(app, 'components', 'params.libsonnet'), 'utf8')).toContain('kubeflow-core');
  });

  it('5: environments record their contexts', () => {
    const spec = parseYaml(readFileSync(join(app, 'app.yaml'), 'utf8'));
    expect(spec.environments.minikube.context).toBe('minikube');
    expect(spec.environments.gke.context).toBe('gke');
    expect(spec.environments.minikube.server).not.toBe(spec.environments.gke.server);
  });

  it('6: kubeflow-core runs in both clusters: CRD established, JupyterHub Ready, the training operator Available', async () => {
    for (const context of ['minikube', 'gke']) {
      const crd = (await read(
        context,
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        'tfjobs.kubeflow.org',
      )) as {
        status?: { conditions?: { type: string; status: string }[] };
      };
      expect(crd?.status?.conditions?.find((c) => c.type === 'Established')?.status, context).toBe('True');
      const hub = (await read(context, 'apps/v1', 'StatefulSet', 'tf-hub', 'default')) as unknown as {
        status: { readyReplicas?: number };
      };
      expect(hub.status.readyReplicas, context).toBe(1);
      const operator = (await read(
        context,
        'apps/v1',
        'Deployment',
        'training-operator',
        'default',
      )) as unknown as {
        status: { conditions?: { type: string; status: string }[] };
      };
      expect(operator.status.conditions?.find((c) => c.type === 'Available')?.status, context).toBe('True');
    }
    const wait = step('apply-core-gke');
    expect(wait.stdout).toMatch(/all \d+ object\(s\) ready/);
    // The operator pod is run by the harness as the real operator process.
    const [operatorPod] = captured.get('gke-operator-pods') as Pod[];
    expect(operatorPod?.spec.containers[0]?.name).toBe('training-operator');
  });

  it('8: prototypes are listed and described', () => {
    expect(step('prototype-list').stdout).toContain('tf-cnn');
    expect(step('prototype-describe').stdout).toMatch(/num_gpus/);
  });

  it('9: param set --env=gke writes only the gke overrides', () => {
    expect(changedBy('param-gpus')).toEqual(['environments/gke/params.libsonnet']);
    expect(changedBy('param-workers')).toEqual(['environments/gke/params.libsonnet']);
  });

  it('7 and 10: the gke TFJob asks for a GPU per worker with the GPU image; minikube does not', async () => {
    const gke = captured.get('gke-cnn') as TfJob;
    expect(gke).toBeDefined();
    const minikube = (await read(
      'minikube',
      'kubeflow.org/v1',
      'TFJob',
      'cnn',
      'default',
    )) as unknown as TfJob;
    expect(minikube).toBeDefined();
    const worker = (job: TfJob) =>
      job.spec.tfReplicaSpecs.Worker.template.spec.containers.find((c) => c.name === 'tensorflow')!;
    expect(String(worker(gke).resources?.limits?.['nvidia.com/gpu'])).toBe('1');
    expect(worker(gke).image).toMatch(/gpu/);
    expect(worker(minikube).resources?.limits?.['nvidia.com/gpu']).toBeUndefined();
    expect(worker(minikube).image).not.toMatch(/gpu/);
    expect(minikube.spec.tfReplicaSpecs.Worker.replicas).toBe(1);
    expect(minikube.spec.tfReplicaSpecs.PS.replicas).toBe(1);
  });

  it('the TFJob ran: in gke its worker asked for a GPU and ran on the GPU node, in minikube on a CPU node', () => {
    const gkePods = captured.get('gke-cnn-pods') as Pod[];
    const worker = gkePods.find(
      (p) => p.metadata.labels?.['training.kubeflow.org/replica-type'] === 'worker',
    );
    expect(worker, 'gke worker pod').toBeDefined();
    expect(worker!.spec.nodeName).toBe('gke-kf-gpu-pool-0');
    const tensorflow = worker!.spec.containers.find((c) => c.name === 'tensorflow')!;
    expect(tensorflow.resources?.limits?.['nvidia.com/gpu']).toBe('1');
    const tfConfig = JSON.parse(tensorflow.env?.find((e) => e.name === 'TF_CONFIG')?.value ?? '{}');
    expect(tfConfig.cluster.ps).toEqual(['cnn-ps-0.default.svc:2222']);
    expect(tfConfig.cluster.worker).toEqual(['cnn-worker-0.default.svc:2222']);
    expect(tfConfig.task).toEqual({ type: 'worker', index: 0 });
    const ps = gkePods.find((p) => p.metadata.labels?.['training.kubeflow.org/replica-type'] === 'ps');
    expect(ps?.spec.nodeName).toMatch(/^gke-kf-default-pool-/);

    const minikubePods = captured.get('minikube-cnn-pods') as Pod[];
    const minikubeWorker = minikubePods.find(
      (p) => p.metadata.labels?.['training.kubeflow.org/replica-type'] === 'worker',
    );
    expect(['minikube', 'minikube-m02']).toContain(minikubeWorker?.spec.nodeName);
    expect(minikubeWorker!.spec.containers[0]?.resources?.limits?.['nvidia.com/gpu']).toBeUndefined();
    expect(step('apply-cnn-gke').stderr).toMatch(/TFJob (Created|Running)/);
  });

  it('kf status: the TFJob Succeeded in both clusters and the whole gke stack is Current', () => {
    const minikube = step('status-cnn-minikube');
    expect(minikube.stdout).toMatch(/TFJob\s+default\/cnn\s+cnn\s+Current\s+Succeeded/);
    const gke = step('status-gke');
    for (const row of [
      /StatefulSet\s+default\/tf-hub\s+kubeflow-core\s+Current\s+1\/1/,
      /Deployment\s+default\/training-operator\s+kubeflow-core\s+Current\s+1\/1/,
      /Deployment\s+default\/inception\s+inception\s+Current\s+1\/1/,
      /TFJob\s+default\/cnn\s+cnn\s+Current\s+Succeeded/,
      /default\/cnn\s+Succeeded\s+Worker\s+1\s+0\s+1\s+0/,
    ])
      expect(gke.stdout).toMatch(row);
    expect(gke.stdout).toMatch(/environment gke \(context gke\): \d+ object\(s\): \d+ Current\n?$/);
  });

  it("the seed's typo ---namespace=default is one clear line and changes nothing", () => {
    const typo = step('typo');
    expect(typo.exitCode).not.toBe(0);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(typo.stderr).toMatch(/namespace/);
    expect(changedBy('typo')).toEqual([]);
  });

  it('11: inception is served from the model path in gke only', async () => {
    const deployment = (await read('gke', 'apps/v1', 'Deployment', 'inception', 'default')) as unknown as {
      spec: { template: { spec: { containers: Container[] } } };
    };
    expect(JSON.stringify(deployment.spec.template.spec.containers)).toContain(
      'gs://kubeflow-models/inception',
    );
    expect(await read('gke', 'v1', 'Service', 'inception', 'default')).toBeDefined();
    expect(await read('minikube', 'apps/v1', 'Deployment', 'inception', 'default')).toBeUndefined();
  });

  it('show is byte-identical on every run; diff is clean after apply; export, fmt and lint pass their checks', async () => {
    const again = await runKf(['show', 'gke', '-c', 'cnn'], { cwd: app, env: { KUBECONFIG: kubeconfig } });
    expect(again.stdout).toBe(step('show-gke').stdout);
    expect(step('show-gke').stdout).toContain('kind: TFJob');
    expect(step('diff-gke').exitCode).toBe(0);
    expect(readdirSync(join(app, 'rendered')).sort()).toEqual(expect.arrayContaining(['gke', 'minikube']));
    expect(step('export-check').exitCode).toBe(0);
    expect(step('fmt-check').exitCode).toBe(0);
    expect(step('fmt-check').stderr).toMatch(/^all \d+ files formatted\n$/);
    expect(step('lint').stdout).toBe('');
    expect(step('lint').stderr).toMatch(/^\d+ files linted, no problems found\n$/);
    expect(step('lint').exitCode).toBe(0);
  });

  it('delete gke -c cnn removes the gke TFJob and, through garbage collection, its pods; nothing else', async () => {
    expect(await read('gke', 'kubeflow.org/v1', 'TFJob', 'cnn', 'default')).toBeUndefined();
    expect(await read('minikube', 'kubeflow.org/v1', 'TFJob', 'cnn', 'default')).toBeDefined();
    expect(await read('gke', 'apps/v1', 'Deployment', 'inception', 'default')).toBeDefined();
    expect(await read('gke', 'apps/v1', 'StatefulSet', 'tf-hub', 'default')).toBeDefined();
    await until('the gke cnn pods to be garbage-collected', 60_000, async () =>
      (await podsOf('gke', 'cnn')).length === 0 ? true : undefined,
    );
    expect((await podsOf('minikube', 'cnn')).length).toBeGreaterThan(0);
    expect(step('status-cnn-gke-deleted').stdout).toMatch(/TFJob\s+default\/cnn\s+cnn\s+NotFound/);
  });

  it('a GPU job where there is no GPU node: apply --wait reports the unschedulable pod, exit 1', async () => {
    const generated = await runKf(['generate', 'tf-cnn', 'cnn-gpu', '--name=cnn-gpu', '--num_gpus=1'], {
      cwd: app,
    });
    expect(generated.exitCode).toBe(0);
    const started = Date.now();
    const applied = await runKf(
      ['apply', 'minikube', '-c', 'cnn-gpu', '--wait', '--timeout', '25s', '--yes'],
      {
        cwd: app,
        env: { KUBECONFIG: kubeconfig },
      },
    );
    expect(applied.exitCode).toBe(1);
    expect(applied.stderr).toMatch(
      /pod cnn-gpu-worker-0 is unschedulable: 0\/2 nodes are available: 2 Insufficient nvidia\.com\/gpu/,
    );
    expect(Date.now() - started).toBeLessThan(60_000);
    const deleted = await runKf(['delete', 'minikube', '-c', 'cnn-gpu', '--yes'], {
      cwd: app,
      env: { KUBECONFIG: kubeconfig },
    });
    expect(deleted.exitCode).toBe(0);
  }, 120_000);

  it("a failing worker: the TFJob Failed, apply --wait exits 1 with the operator's reason", async () => {
    const generated = await runKf(['generate', 'tf-cnn', 'cnn-fail', '--name=cnn-fail'], { cwd: app });
    expect(generated.exitCode).toBe(0);
    // Test only: the harness's kwok stages make a pod annotated kf.test/exit-code exit with it as
    // it starts. restartPolicy Never: under tf-cnn's OnFailure the operator restarts a failed
    // worker (as a kubelet would) and the job stays Restarting instead of failing.
    const file = join(app, 'components', 'cnn-fail.jsonnet');
    const source = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      source.replace(
        'tfCnn.render(',
        "local failing = { spec+: { tfReplicaSpecs+: { Worker+: { restartPolicy: 'Never', template+: { metadata+: { annotations+: { 'kf.test/exit-code': '1' } } } } } } };\n" +
          'local job = tfCnn.render(',
      ) + ';\nif std.isArray(job) then [o + failing for o in job] else job + failing\n',
    );
    const applied = await runKf(['apply', 'gke', '-c', 'cnn-fail', '--wait', '--timeout', '3m', '--yes'], {
      cwd: app,
      env: { KUBECONFIG: kubeconfig },
    });
    expect(applied.exitCode, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stderr).toMatch(
      /tfjob\.kubeflow\.org\/cnn-fail -n default: Failed \(TFJob Failed: TFJob default\/cnn-fail has failed because 1 Worker replica\(s\) failed\./,
    );
    expect(applied.stderr).toMatch(/1 object\(s\) failed/);
    expect(applied.stderr).toContain('ready 0/1, 1 failed\n');
    expect(applied.stderr).not.toContain('ready 1/1');
    const deleted = await runKf(['delete', 'gke', '-c', 'cnn-fail', '--yes'], {
      cwd: app,
      env: { KUBECONFIG: kubeconfig },
    });
    expect(deleted.exitCode).toBe(0);
  }, 240_000);
});
