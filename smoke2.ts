import { ensureBinaries } from './test/cluster/binaries.js';
import { startControlPlane } from './test/cluster/control-plane.js';
import { newTestUsers } from './test/cluster/credentials.js';
import { apiRequest } from './test/cluster/api-request.js';
import { REQUIRED, renderObjects } from './test/kubeflow/render-prototype.js';
import { readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
const dir = '/root/.cache/kf/workloads-v1.37.2';
const { admin } = newTestUsers();
const p = startControlPlane({
  name: 'gke', binaries: await ensureBinaries(), users: [admin], probeToken: admin.token, parentDir: '/tmp/h14/planes',
  workloads: { binaries: { dir, kubeControllerManager: '/tmp/h14/fakebin/kcm', kubeScheduler: `${dir}/kube-scheduler`, kwok: `${dir}/kwok`, trainingOperator: `${dir}/training-operator` } },
});
const timer = setInterval(async () => {
  try {
    const d = readdirSync('/tmp/h14/planes').find((x) => x.startsWith('kf-cluster-gke'));
    if (!d) return;
    const ca = readFileSync(`/tmp/h14/planes/${d}/certs/apiserver.crt`, 'utf8');
    const pid = execSync(`pgrep -f "planes/${d}/certs" | head -1`).toString().trim();
    const port = /--secure-port=(\d+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))![1];
    await apiRequest({ server: `https://127.0.0.1:${port}`, caPem: ca, token: admin.token }, 'POST', '/api/v1/namespaces/default/serviceaccounts', { metadata: { name: 'default' } }).catch(() => undefined);
  } catch {}
}, 1000);
const plane = await p;
clearInterval(timer);
const t = { server: plane.server, caPem: plane.caPem, token: admin.token };
for (const n of plane.workloads!.nodes) {
  const node = await apiRequest<any>(t, 'GET', `/api/v1/nodes/${n}`);
  await apiRequest(t, 'PATCH', `/api/v1/nodes/${n}`, { spec: { taints: (node.spec.taints ?? []).filter((x: any) => !x.key.startsWith('node.kubernetes.io')) } }, 'application/merge-patch+json');
}
const objects = renderObjects('kubeflow-core', { ...REQUIRED['kubeflow-core'], namespace: 'default' });
const paths: Record<string, string> = { CustomResourceDefinition: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', ServiceAccount: '/api/v1/namespaces/default/serviceaccounts', ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles', ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', Secret: '/api/v1/namespaces/default/secrets', Service: '/api/v1/namespaces/default/services', ValidatingWebhookConfiguration: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations' };
for (const o of objects as any[]) {
  if (o.kind === 'Deployment' && o.metadata.name === 'training-operator') {
    await apiRequest(t, 'POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'training-operator-abc', labels: o.spec.template.metadata.labels }, spec: o.spec.template.spec });
  } else if (paths[o.kind] && (o.kind !== 'ServiceAccount' || o.metadata.name === 'training-operator') && !(o.kind === 'ClusterRole' && o.metadata.name !== 'training-operator') && !(o.kind === 'ClusterRoleBinding' && o.metadata.name !== 'training-operator') && !(o.kind === 'Service' && o.metadata.name !== 'training-operator') && !(o.kind === 'Secret' && o.metadata.name !== 'training-operator-webhook-cert')) {
    await apiRequest(t, 'POST', paths[o.kind], o).catch((e) => console.log('create', o.kind, o.metadata.name, String(e).slice(0, 200)));
  }
}
await apiRequest(t, 'POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'gpu', labels: { 'training.kubeflow.org/replica-type': 'worker' } }, spec: { containers: [{ name: 'tensorflow', image: 'x', resources: { limits: { 'nvidia.com/gpu': '1' } } }] } });
await apiRequest(t, 'POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'fail', annotations: { 'kf.test/exit-code': '1' } }, spec: { initContainers: [{ name: 'init', image: 'x' }], containers: [{ name: 'c', image: 'x' }] } });
await new Promise((r) => setTimeout(r, 45000));
const pods = await apiRequest<any>(t, 'GET', '/api/v1/namespaces/default/pods');
for (const pod of pods.items) console.log(pod.metadata.name, pod.spec.nodeName, pod.status.phase, pod.status.podIP, JSON.stringify(pod.status.containerStatuses?.[0]?.state), JSON.stringify(pod.status.conditions?.find((c: any) => c.type === 'Ready')));
const vwc = await apiRequest<any>(t, 'GET', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/validator.training-operator.kubeflow.org');
console.log('caBundle set:', Boolean(vwc.webhooks[0].clientConfig.caBundle));
for (const f of ['kwok.log']) console.log('=== ' + f + '\n' + readFileSync(plane.dir + '/' + f, 'utf8').split('\n').filter((l) => /fail|rror|Stage/i.test(l)).slice(-8).join('\n'));
try { const d = readdirSync(plane.dir + '/pods'); for (const x of d) console.log('=== op log\n' + readFileSync(`${plane.dir}/pods/${x}/training-operator.log`, 'utf8').split('\n').filter(l => /ERROR|error|certs are ready|Starting workers|ready/i.test(l)).slice(-15).join('\n')); } catch (e) { console.log(e); }
await plane.stop();
