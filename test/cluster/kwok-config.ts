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

// Pod status templates (Go templates that kwok renders), built from a few pieces.
const NOW = '{{ $now := Now }}\n';
const PODS_OF_NODE =
  'hostIP: {{ NodeIPWith .spec.nodeName | Quote }}\n' +
  'podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}\n';

/** One entry of `conditions:`; `extra` holds its message/reason lines. */
const podCondition = (type: string, status: 'True' | 'False', extra = ''): string =>
  `- lastTransitionTime: {{ $now | Quote }}\n${extra}  status: "${status}"\n  type: ${type}\n`;
const because = (reason: string, message?: string): string =>
  `${message === undefined ? '' : `  message: '${message}'\n`}  reason: ${reason}\n`;
const names = (list: string): string => `[{{ range ${list} }} {{ .name }} {{ end }}]`;
const unready = (type: string): string =>
  podCondition(
    type,
    'False',
    because('ContainersNotReady', `containers with unready status: ${names('.spec.containers')}`),
  );

/** `field:` with one status per container of `list` (`.spec.containers` or `.spec.initContainers`). */
const containerStatuses = (
  field: 'containerStatuses' | 'initContainerStatuses',
  list: string,
  flags: { ready: boolean; started: boolean },
  state: string,
): string =>
  `${field}:\n{{ range ${list} }}\n- image: {{ .image | Quote }}\n  name: {{ .name | Quote }}\n` +
  `  ready: ${flags.ready}\n  restartCount: 0\n  started: ${flags.started}\n  state:\n${state}{{ end }}\n`;
const containers = (flags: { ready: boolean; started: boolean }, state: string): string =>
  containerStatuses('containerStatuses', '.spec.containers', flags, state);
const initContainers = (flags: { ready: boolean; started: boolean }, state: string): string =>
  containerStatuses('initContainerStatuses', '.spec.initContainers', flags, state);

const waiting = (reason: string): string => `    waiting:\n      reason: ${reason}\n`;
const running = '    running:\n      startedAt: {{ $now | Quote }}\n';
const exited = (exitCode: string, reason: string): string =>
  `    terminated:\n      exitCode: ${exitCode}\n      finishedAt: {{ $now | Quote }}\n      reason: ${reason}\n      startedAt: {{ $now | Quote }}\n`;
const notStarted = { ready: false, started: false };

const podCreated =
  NOW +
  'conditions:\n{{ if .spec.initContainers }}\n' +
  podCondition(
    'Initialized',
    'False',
    because(
      'ContainersNotInitialized',
      `containers with incomplete status: ${names('.spec.initContainers')}`,
    ),
  ) +
  '{{ else }}\n' +
  podCondition('Initialized', 'True') +
  '{{ end }}\n' +
  unready('Ready') +
  unready('ContainersReady') +
  '{{ if .spec.initContainers }}\n' +
  initContainers(notStarted, waiting('PodInitializing')) +
  '{{ end }}\n' +
  containers(
    notStarted,
    waiting('{{ if $.spec.initContainers }}PodInitializing{{ else }}ContainerCreating{{ end }}'),
  ) +
  PODS_OF_NODE +
  'phase: Pending\n';

const initRunning = NOW + initContainers({ ready: false, started: true }, running);

const initCompleted =
  NOW +
  'conditions:\n' +
  podCondition('Initialized', 'True') +
  initContainers({ ready: true, started: false }, exited('0', 'Completed'));

const podReady =
  NOW +
  'conditions:\n' +
  podCondition('Ready', 'True') +
  podCondition('ContainersReady', 'True') +
  containers({ ready: true, started: true }, running) +
  'phase: Running\nstartTime: {{ $now | Quote }}\n';

const terminated = (exitCode: string, reason: string, phaseName: string): string =>
  NOW +
  'conditions:\n' +
  podCondition('Ready', 'False', because('PodCompleted')) +
  podCondition('ContainersReady', 'False', because('PodCompleted')) +
  containers(notStarted, exited(exitCode, reason)) +
  `phase: ${phaseName}\n`;

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
