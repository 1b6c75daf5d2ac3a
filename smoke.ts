import { ensureBinaries } from './test/cluster/binaries.js';
import { startControlPlane } from './test/cluster/control-plane.js';
import { newTestUsers } from './test/cluster/credentials.js';
import { apiRequest } from './test/cluster/api-request.js';
const dir = '/root/.cache/kf/workloads-v1.37.2';
const { admin } = newTestUsers();
const started = Date.now();
const p = startControlPlane({
  name: 'gke', binaries: await ensureBinaries(), users: [admin], probeToken: admin.token, parentDir: '/tmp/h14/planes',
  workloads: { binaries: { dir, kubeControllerManager: process.env.KCM ?? '/tmp/h14/fakebin/kcm', kubeScheduler: `${dir}/kube-scheduler`, kwok: `${dir}/kwok`, trainingOperator: `${dir}/training-operator` } },
});
// Without kcm nobody creates the default ServiceAccount: do it once the apiserver answers.
const timer = setInterval(async () => {
  try {
    const { readdirSync, readFileSync } = await import('node:fs');
    const d = readdirSync('/tmp/h14/planes').find((x) => x.startsWith('kf-cluster-gke'));
    if (!d) return;
    const ca = readFileSync(`/tmp/h14/planes/${d}/certs/apiserver.crt`, 'utf8');
    const port = /--secure-port=(\d+)/.exec(readFileSync(`/proc/${(await import('node:child_process')).execSync(`pgrep -f "planes/${d}/certs" | head -1`).toString().trim()}/cmdline`, 'utf8').replace(/\0/g, ' '))![1];
    await apiRequest({ server: `https://127.0.0.1:${port}`, caPem: ca, token: admin.token }, 'POST', '/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'default' } }).catch(() => undefined);
  } catch {}
}, 1000);
const plane = await p;
clearInterval(timer);
console.log('ready in', Date.now() - started, 'ms', plane.server, plane.workloads);
const t = { server: plane.server, caPem: plane.caPem, token: admin.token };
// A GPU pod and a CPU pod.
for (const [name, limits] of [['gpu', { 'nvidia.com/gpu': '1' }], ['cpu', {}]] as const)
  await apiRequest(t, 'POST', '/api/v1/namespaces/default/pods', { metadata: { name, labels: { 'training.kubeflow.org/replica-type': 'worker' } }, spec: { containers: [{ name: 'tensorflow', image: 'x', resources: { limits } }] } });
await new Promise((r) => setTimeout(r, 15000));
const pods = await apiRequest<any>(t, 'GET', '/api/v1/namespaces/default/pods');
for (const pod of pods.items) console.log(pod.metadata.name, pod.spec.nodeName, pod.status.phase, JSON.stringify(pod.status.containerStatuses?.[0]?.state));
console.log(JSON.stringify({ dir: plane.dir }));
const { readFileSync: rf } = await import('node:fs');
for (const f of ['kube-scheduler.log','kwok.log','pod-agent.log']) console.log('=== '+f+'\n'+rf(plane.dir+'/'+f,'utf8').split('\n').slice(-12).join('\n'));
await plane.stop();
