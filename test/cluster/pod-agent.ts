// The pod agent of one test control plane: a minimal kubelet for the pods whose image the
// harness can run as a real program (pod-agent-config.ts: the Kubeflow training operator).
// Started by workloads.ts as `node --import tsx pod-agent.ts <config.json>` in its own process
// group; the programs it starts stay in that group, so stopping the plane stops them too.
//
// For each such pod, once kwok gave it an IP, the agent
// - refuses an image tag it cannot run (the container waits with ErrImagePull and a message),
// - asks the apiserver for a token of the pod's ServiceAccount bound to the pod (TokenRequest,
//   as the kubelet's projected token) and writes a kubeconfig with it for https://127.0.0.1:<port>
//   (the program never sees KUBERNETES_SERVICE_HOST, so it cannot fall back to the ClusterIP),
// - copies the Secret volumes mounted under /tmp into the pod's private /tmp and keeps them in
//   sync (the operator waits for its webhook certificate at the hard-coded
//   /tmp/k8s-webhook-server/serving-certs): the program runs in a mount namespace
//   (unshare) where the pod directory is bind-mounted on /tmp, so two planes' operators never
//   share a file,
// - starts the program with the container's args plus loopback ports of its own, restarts it if
//   it exits (restartPolicy Always), and reports the pod Running, then Ready once the container's
//   readinessProbe answers,
// - stops the program when the pod is deleted or gone.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  openSync,
  closeSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { join, dirname, relative, isAbsolute } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AGENT_RUNTIMES, type AgentConfig, type AgentRuntime } from './pod-agent-config.js';
import { apiRequest } from './api-request.js';
import { registerEgressMapping, removeEgressMapping } from './egress.js';
import { freePorts } from './ports.js';
import { singleUserKubeconfig } from './workloads.js';

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as AgentConfig;
const log = (message: string): void => {
  process.stdout.write(`${new Date().toISOString()} ${message}\n`);
};

interface Pod {
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    deletionTimestamp?: string;
  };
  spec: {
    nodeName?: string;
    serviceAccountName?: string;
    containers: Container[];
    volumes?: { name: string; secret?: { secretName: string } }[];
    terminationGracePeriodSeconds?: number;
  };
  status?: { phase?: string; podIP?: string; startTime?: string };
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports?: { containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  readinessProbe?: { httpGet?: { path?: string; port: number | string } };
}

const api = <T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> =>
  apiRequest<T>(config, method, path, body, contentType);

interface Running {
  pod: Pod;
  runtime: AgentRuntime;
  dir: string;
  tmp: string;
  ports: Map<number, number>;
  child?: ChildProcess;
  exited?: number | null;
  restarts: number;
  ready: boolean;
  stopping: boolean;
  nextStart: number;
}

const running = new Map<string, Running>();
const refused = new Set<string>();
const keyOf = (pod: Pod): string => `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;

function runtimeFor(pod: Pod): { runtime: AgentRuntime; container: Container; tag: string } | undefined {
  const container = pod.spec.containers[0];
  if (!container) return undefined;
  for (const runtime of AGENT_RUNTIMES) {
    if (container.image.startsWith(`${runtime.image}:`))
      return { runtime, container, tag: container.image.slice(runtime.image.length + 1) };
  }
  return undefined;
}

async function patchStatus(pod: Pod, status: Record<string, unknown>): Promise<void> {
  await api(
    'PATCH',
    `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`,
    { status },
    'application/merge-patch+json',
  );
}

function podConditions(ready: boolean, now: string, message?: string): object[] {
  const readiness = ready
    ? { status: 'True' }
    : { status: 'False', reason: 'ContainersNotReady', message: message ?? 'containers with unready status' };
  return [
    { type: 'Initialized', status: 'True', lastTransitionTime: now },
    { type: 'Ready', lastTransitionTime: now, ...readiness },
    { type: 'ContainersReady', lastTransitionTime: now, ...readiness },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
  ];
}

async function reportRunning(entry: Running, ready: boolean): Promise<void> {
  const now = new Date().toISOString();
  const container = entry.pod.spec.containers[0]!;
  await patchStatus(entry.pod, {
    phase: 'Running',
    startTime: entry.pod.status?.startTime ?? now,
    conditions: podConditions(ready, now),
    containerStatuses: [
      {
        name: container.name,
        image: container.image,
        imageID: '',
        ready,
        started: true,
        restartCount: entry.restarts,
        state: { running: { startedAt: now } },
      },
    ],
  });
}

function resolveEnv(pod: Pod, container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    const field = variable.valueFrom?.fieldRef?.fieldPath;
    if (field === 'metadata.namespace') env[variable.name] = pod.metadata.namespace;
    else if (field === 'metadata.name') env[variable.name] = pod.metadata.name;
    else if (field === 'metadata.uid') env[variable.name] = pod.metadata.uid;
    else if (field === 'status.podIP') env[variable.name] = pod.status?.podIP ?? '';
    else if (field === 'spec.serviceAccountName')
      env[variable.name] = pod.spec.serviceAccountName ?? 'default';
    else if (field === 'spec.nodeName') env[variable.name] = pod.spec.nodeName ?? '';
  }
  return env;
}

function writeAtomic(path: string, data: string | Buffer, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

/** Copies the pod's Secret volumes mounted under /tmp into its private /tmp (like the kubelet). */
async function syncSecretVolumes(entry: Running): Promise<void> {
  const container = entry.pod.spec.containers[0]!;
  for (const mount of container.volumeMounts ?? []) {
    const volume = entry.pod.spec.volumes?.find((v) => v.name === mount.name);
    if (!volume?.secret) continue;
    const inside = relative('/tmp', mount.mountPath);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      log(
        `pod ${keyOf(entry.pod)}: volume ${mount.name} at ${mount.mountPath} is not under /tmp; not mounted`,
      );
      continue;
    }
    let secret: { data?: Record<string, string> };
    try {
      secret = await api(
        'GET',
        `/api/v1/namespaces/${entry.pod.metadata.namespace}/secrets/${volume.secret.secretName}`,
      );
    } catch (error) {
      log(`pod ${keyOf(entry.pod)}: secret ${volume.secret.secretName}: ${(error as Error).message}`);
      continue;
    }
    for (const [key, value] of Object.entries(secret.data ?? {})) {
      const path = join(entry.tmp, inside, key);
      const content = Buffer.from(value, 'base64');
      if (existsSync(path) && readFileSync(path).equals(content)) continue;
      writeAtomic(path, content);
      log(
        `pod ${keyOf(entry.pod)}: wrote ${key} of secret ${volume.secret.secretName} to ${mount.mountPath}`,
      );
    }
  }
}

async function serviceAccountToken(pod: Pod): Promise<string> {
  const sa = pod.spec.serviceAccountName ?? 'default';
  const response = await api<{ status: { token: string } }>(
    'POST',
    `/api/v1/namespaces/${pod.metadata.namespace}/serviceaccounts/${sa}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        expirationSeconds: 86_400,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name, uid: pod.metadata.uid },
      },
    },
  );
  return response.status.token;
}

function unshareArgs(): string[] {
  // A mount namespace of its own, so the pod's /tmp is private; without root, in a user
  // namespace where the caller is root.
  return process.getuid?.() === 0
    ? ['--mount', '--propagation', 'private']
    : ['--user', '--map-root-user', '--mount', '--propagation', 'private'];
}

async function start(entry: Running): Promise<void> {
  const { pod, runtime } = entry;
  const container = pod.spec.containers[0]!;
  const binary = config.binaries[runtime.image];
  if (!binary) throw new Error(`no binary for ${runtime.image}`);
  if (binary.startsWith('/tmp/'))
    throw new Error(`${binary} is under /tmp, which the pod's own /tmp hides; build it elsewhere`);
  const token = await serviceAccountToken(pod);
  writeAtomic(
    join(entry.tmp, 'kubeconfig.yaml'),
    singleUserKubeconfig(
      config.server,
      config.caPem,
      `system:serviceaccount:${pod.metadata.namespace}:${pod.spec.serviceAccountName ?? 'default'}`,
      token,
    ),
  );
  await syncSecretVolumes(entry);
  const args = [...(container.args ?? []), ...runtime.flags(entry.ports, '/tmp/kubeconfig.yaml')];
  const env = { PATH: '/usr/bin:/bin', HOME: '/tmp', ...resolveEnv(pod, container) };
  const logFile = join(entry.dir, `${container.name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(
    'unshare',
    [...unshareArgs(), '--', 'sh', '-c', 'mount --bind "$0" /tmp && exec "$@"', entry.tmp, binary, ...args],
    { stdio: ['ignore', fd, fd], env },
  );
  closeSync(fd);
  entry.child = child;
  entry.exited = undefined;
  entry.ready = false;
  child.on('exit', (code, signal) => {
    entry.exited = code ?? (signal ? 128 : null);
    log(`pod ${keyOf(pod)}: ${runtime.image} exited (${code ?? signal}); log ${logFile}`);
  });
  // The apiserver dials the pod IP and container port (a webhook through its Service's
  // endpoints); its egress proxy maps that to the program's loopback port.
  const podIP = pod.status?.podIP;
  if (podIP)
    registerEgressMapping(
      { mappingsDir: config.egressMappingsDir },
      `${pod.metadata.namespace}/${pod.metadata.name}`,
      Object.fromEntries(
        [...entry.ports].map(([containerPort, port]) => [`${podIP}:${containerPort}`, `127.0.0.1:${port}`]),
      ),
    );
  log(
    `pod ${keyOf(pod)}: started ${runtime.image} ${runtime.version} (pid ${child.pid}), ports ${JSON.stringify([...entry.ports])}, log ${logFile}`,
  );
  await reportRunning(entry, false);
}

function probe(port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpGet({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 400);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

async function stop(key: string): Promise<void> {
  const entry = running.get(key);
  if (!entry || entry.stopping) return;
  entry.stopping = true;
  const child = entry.child;
  if (child && entry.exited === undefined) {
    child.kill('SIGTERM');
    const deadline = Date.now() + (entry.pod.spec.terminationGracePeriodSeconds ?? 10) * 1000;
    while (entry.exited === undefined && Date.now() < deadline) await sleep(100);
    if (entry.exited === undefined) child.kill('SIGKILL');
  }
  removeEgressMapping(
    { mappingsDir: config.egressMappingsDir },
    `${entry.pod.metadata.namespace}/${entry.pod.metadata.name}`,
  );
  rmSync(entry.dir, { recursive: true, force: true });
  running.delete(key);
  log(`pod ${key}: stopped`);
}

async function ensure(pod: Pod): Promise<void> {
  const key = keyOf(pod);
  const found = runtimeFor(pod)!;
  let entry = running.get(key);
  if (!entry) {
    if (found.tag !== found.runtime.tag) {
      if (refused.has(key)) return;
      refused.add(key);
      const message = `the test harness runs only ${found.runtime.image}:${found.runtime.tag} (${found.runtime.version}), not :${found.tag}`;
      log(`pod ${key}: ${message}`);
      await patchStatus(pod, {
        containerStatuses: [
          {
            name: found.container.name,
            image: found.container.image,
            imageID: '',
            ready: false,
            restartCount: 0,
            started: false,
            state: { waiting: { reason: 'ErrImagePull', message } },
          },
        ],
      });
      return;
    }
    if (!pod.status?.podIP) return; // kwok has not set it up yet
    const wanted = [
      ...new Set([...found.runtime.ports, ...(found.container.ports ?? []).map((p) => p.containerPort)]),
    ];
    const loopback = await freePorts(wanted.length);
    const dir = join(config.dir, `${pod.metadata.namespace}_${pod.metadata.name}`);
    entry = {
      pod,
      runtime: found.runtime,
      dir,
      tmp: join(dir, 'tmp'),
      ports: new Map(wanted.map((port, i) => [port, loopback[i]!])),
      restarts: 0,
      ready: false,
      stopping: false,
      nextStart: 0,
    };
    mkdirSync(entry.tmp, { recursive: true });
    running.set(key, entry);
    await start(entry);
    return;
  }
  entry.pod = pod;
  if (entry.stopping) return;
  await syncSecretVolumes(entry);
  if (entry.exited !== undefined) {
    if (entry.ready) {
      entry.ready = false;
      await reportRunning(entry, false);
    }
    // restartPolicy Always, with a short back-off
    if (entry.nextStart === 0) entry.nextStart = Date.now() + Math.min(30_000, 1000 * 2 ** entry.restarts);
    if (Date.now() < entry.nextStart) return;
    entry.nextStart = 0;
    entry.restarts++;
    await start(entry);
    return;
  }
  const httpProbe = found.container.readinessProbe?.httpGet;
  const ready = httpProbe
    ? await probe(entry.ports.get(Number(httpProbe.port)) ?? 0, httpProbe.path ?? '/')
    : true;
  if (ready !== entry.ready) {
    entry.ready = ready;
    await reportRunning(entry, ready);
    log(`pod ${key}: ${ready ? 'Ready' : 'not Ready'}`);
  }
}

async function tick(): Promise<void> {
  const list = await api<{ items: Pod[] }>('GET', '/api/v1/pods?fieldSelector=spec.nodeName!%3D');
  const seen = new Set<string>();
  for (const pod of list.items) {
    if (!runtimeFor(pod)) continue;
    const key = keyOf(pod);
    if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed')
      continue;
    seen.add(key);
    try {
      await ensure(pod);
    } catch (error) {
      log(`pod ${key}: ${(error as Error).message}`);
    }
  }
  for (const key of [...running.keys()]) if (!seen.has(key)) await stop(key);
}

let stopping = false;
const shutdown = async (): Promise<void> => {
  stopping = true;
  await Promise.all([...running.keys()].map(stop));
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

log(
  `pod agent of ${config.plane}: runs ${AGENT_RUNTIMES.map((r) => `${r.image}:${r.tag} (${r.version})`).join(', ')}`,
);
while (!stopping) {
  try {
    await tick();
  } catch (error) {
    log(`tick: ${(error as Error).message}`);
  }
  await sleep(500);
}
