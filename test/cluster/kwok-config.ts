// kwok's --config for a test cluster: its options (kwok v0.8.0 does not default the parallelism
// options when a config file is given, and its default pod CIDR 10.0.0.1/24 would collide with
// the Service CIDR) and the stages that drive simulated nodes and pods:
// - nodes become Ready at once and keep a lease;
// - pods get an IP from POD_CIDR, run their init containers, become Running and Ready;
// - TFJob chief/master/worker pods complete with exit code 0 a few seconds later (parameter
//   servers keep running until the training operator cleans them up);
// - TEST ONLY: a pod annotated `kf.test/exit-code: "<n>"` never becomes Ready: its container
//   exits with that code as it starts (phase Failed), which is how tests make a TFJob worker
//   fail (a TFJob whose worker ran first would be Running, i.e. ready, before it failed);
// - deleted pods go away (there is no kubelet to confirm).
// Pods whose image the harness runs as a real process (pod-agent.ts) are made Running/Ready by
// the agent, not by kwok.
import { stringify } from 'yaml';

/** Pod IPs (never dialled directly: only the apiserver's loopback egress proxy maps them). */
export const POD_CIDR = '10.244.0.1/16';
/** InternalIP kwok gives every node (a documentation address, TEST-NET-1; never dialled). */
export const NODE_IP = '192.0.2.10';
export const TEST_EXIT_CODE_ANNOTATION = 'kf.test/exit-code';
export const TFJOB_COMPLETE_DELAY_MS = 3000;

const notDeleted = { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' };
const phase = (...values: string[]) => ({ key: '.status.phase', operator: 'In', values });
const condition = (type: string, operator: 'In' | 'NotIn', value: string) => ({
  key: `.status.conditions.[] | select( .type == "${type}" ) | .status`,
  operator,
  values: [value],
});

function stage(
  name: string,
  kind: 'Node' | 'Pod',
  matchExpressions: object[],
  next: object,
  delayMs?: number,
  jitterMs?: number,
): object {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name },
    spec: {
      resourceRef: { apiGroup: 'v1', kind },
      selector: { matchExpressions },
      ...(delayMs === undefined
        ? {}
        : { delay: { durationMilliseconds: delayMs, jitterDurationMilliseconds: jitterMs ?? delayMs } }),
      next,
    },
  };
}

const nodeStatus = `{{ $now := Now }}
{{ $lastTransitionTime := or .metadata.creationTimestamp $now }}
conditions:
{{ range NodeConditions }}
- lastHeartbeatTime: {{ $now | Quote }}
  lastTransitionTime: {{ $lastTransitionTime | Quote }}
  message: {{ .message | Quote }}
  reason: {{ .reason | Quote }}
  status: {{ .status | Quote }}
  type: {{ .type | Quote }}
{{ end }}
addresses:
- address: {{ NodeIP | Quote }}
  type: InternalIP
- address: {{ .metadata.name | Quote }}
  type: Hostname
allocatable:
{{ YAML .status.allocatable 1 }}
capacity:
{{ YAML .status.capacity 1 }}
nodeInfo:
  architecture: amd64
  containerRuntimeVersion: kwok-{{ Version }}
  kernelVersion: kwok-{{ Version }}
  kubeProxyVersion: kwok-{{ Version }}
  kubeletVersion: kwok-{{ Version }}
  operatingSystem: linux
  bootID: ""
  machineID: ""
  osImage: ""
  systemUUID: ""
phase: Running
`;

const podCreated = `{{ $now := Now }}
conditions:
{{ if .spec.initContainers }}
- lastTransitionTime: {{ $now | Quote }}
  message: 'containers with incomplete status: [{{ range .spec.initContainers }} {{ .name }} {{ end }}]'
  reason: ContainersNotInitialized
  status: "False"
  type: Initialized
{{ else }}
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Initialized
{{ end }}
- lastTransitionTime: {{ $now | Quote }}
  message: 'containers with unready status: [{{ range .spec.containers }} {{ .name }} {{ end }}]'
  reason: ContainersNotReady
  status: "False"
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  message: 'containers with unready status: [{{ range .spec.containers }} {{ .name }} {{ end }}]'
  reason: ContainersNotReady
  status: "False"
  type: ContainersReady
{{ if .spec.initContainers }}
initContainerStatuses:
{{ range .spec.initContainers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
  state:
    waiting:
      reason: PodInitializing
{{ end }}
{{ end }}
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
  state:
    waiting:
      reason: {{ if $.spec.initContainers }}PodInitializing{{ else }}ContainerCreating{{ end }}
{{ end }}
hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}
phase: Pending
`;

const initRunning = `{{ $now := Now }}
initContainerStatuses:
{{ range .spec.initContainers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: true
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}
`;

const initCompleted = `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Initialized
initContainerStatuses:
{{ range .spec.initContainers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: true
  restartCount: 0
  started: false
  state:
    terminated:
      exitCode: 0
      finishedAt: {{ $now | Quote }}
      reason: Completed
      startedAt: {{ $now | Quote }}
{{ end }}
`;

const podReady = `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: ContainersReady
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: true
  restartCount: 0
  started: true
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}
phase: Running
startTime: {{ $now | Quote }}
`;

const terminated = (exitCode: string, reason: string, phaseName: string): string => `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  reason: PodCompleted
  status: "False"
  type: Ready
- lastTransitionTime: {{ $now | Quote }}
  reason: PodCompleted
  status: "False"
  type: ContainersReady
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  restartCount: 0
  started: false
  state:
    terminated:
      exitCode: ${exitCode}
      finishedAt: {{ $now | Quote }}
      reason: ${reason}
      startedAt: {{ $now | Quote }}
{{ end }}
phase: ${phaseName}
`;

const runningAndReady = [notDeleted, phase('Running'), condition('Ready', 'In', 'True')];

/**
 * The YAML for kwok --config. `agentImages`: image repositories (e.g.
 * `kubeflow/training-operator`) whose pods the harness runs itself.
 */
export function kwokConfig(agentImages: readonly string[]): string {
  const agentRun = agentImages.length
    ? `[.spec.containers.[].image | ${agentImages.map((image) => `startswith(${JSON.stringify(`${image}:`)})`).join(' or ')}] | any`
    : undefined;
  const notAgentRun = agentRun ? [{ key: agentRun, operator: 'In', values: ['false'] }] : [];
  const tfjobRunner = {
    key: '.metadata.labels["training.kubeflow.org/replica-type"]',
    operator: 'In',
    values: ['chief', 'master', 'worker', 'Chief', 'Master', 'Worker'],
  };
  const exitAnnotation = `.metadata.annotations["${TEST_EXIT_CODE_ANNOTATION}"]`;
  const documents: object[] = [
    {
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokConfiguration',
      options: {
        cidr: POD_CIDR,
        nodeIP: NODE_IP,
        manageAllNodes: false,
        manageNodesWithAnnotationSelector: 'kwok.x-k8s.io/node=fake',
        nodeLeaseDurationSeconds: 40,
        nodeLeaseParallelism: 4,
        nodePlayStageParallelism: 4,
        podPlayStageParallelism: 4,
        podsOnNodeSyncParallelism: 4,
        enablePodsOnNodeSyncListPager: true,
        enablePodsOnNodeSyncStreamWatch: false,
      },
    },
    stage('node-initialize', 'Node', [condition('Ready', 'NotIn', 'True')], { statusTemplate: nodeStatus }),
    stage(
      'pod-create',
      'Pod',
      [notDeleted, { key: '.status.podIP', operator: 'DoesNotExist' }],
      {
        event: { type: 'Normal', reason: 'Created', message: 'Created container' },
        statusTemplate: podCreated,
      },
      200,
      300,
    ),
    stage(
      'pod-init-container-running',
      'Pod',
      [
        notDeleted,
        phase('Pending'),
        condition('Initialized', 'NotIn', 'True'),
        { key: '.status.initContainerStatuses.[].state.waiting.reason', operator: 'Exists' },
      ],
      { statusTemplate: initRunning },
      200,
      300,
    ),
    stage(
      'pod-init-container-completed',
      'Pod',
      [
        notDeleted,
        phase('Pending'),
        { key: '.status.initContainerStatuses.[].state.running.startedAt', operator: 'Exists' },
      ],
      { statusTemplate: initCompleted },
      500,
      500,
    ),
    stage(
      'pod-ready',
      'Pod',
      [
        notDeleted,
        phase('Pending'),
        condition('Initialized', 'In', 'True'),
        { key: '.status.containerStatuses.[].state.running.startedAt', operator: 'DoesNotExist' },
        { key: exitAnnotation, operator: 'DoesNotExist' },
        ...notAgentRun,
      ],
      { statusTemplate: podReady },
      300,
      500,
    ),
    stage(
      'pod-complete-tfjob',
      'Pod',
      [...runningAndReady, tfjobRunner, { key: exitAnnotation, operator: 'DoesNotExist' }],
      { statusTemplate: terminated('0', 'Completed', 'Succeeded') },
      TFJOB_COMPLETE_DELAY_MS,
      1000,
    ),
    stage(
      'pod-complete-job',
      'Pod',
      [
        ...runningAndReady,
        { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] },
        { key: exitAnnotation, operator: 'DoesNotExist' },
      ],
      { statusTemplate: terminated('0', 'Completed', 'Succeeded') },
      TFJOB_COMPLETE_DELAY_MS,
      1000,
    ),
    stage(
      'pod-fail-test-only',
      'Pod',
      [
        notDeleted,
        phase('Pending'),
        condition('Initialized', 'In', 'True'),
        { key: exitAnnotation, operator: 'Exists' },
      ],
      {
        statusTemplate: terminated(
          `{{ index $.metadata.annotations "${TEST_EXIT_CODE_ANNOTATION}" }}`,
          'Error',
          'Failed',
        ),
      },
      1000,
      500,
    ),
    stage(
      'pod-delete',
      'Pod',
      [
        { key: '.metadata.deletionTimestamp', operator: 'Exists' },
        { key: '.metadata.finalizers', operator: 'DoesNotExist' },
      ],
      { delete: true },
      200,
      300,
    ),
  ];
  return documents.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
