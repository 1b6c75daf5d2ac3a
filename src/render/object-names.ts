// The names the API server accepts for the built-in kinds apps render most, which the OpenAPI
// schemas do not carry (apimachinery's validation): a name it would refuse is a problem offline.
import type { KubeObject } from '../kube-object.js';
import type { FieldProblem } from './validate-errors.js';

type NameRule = 'subdomain' | 'label' | 'label1035';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** kubectl's words for each rule, so the problem reads as the API server's refusal would. */
const RULES: Record<NameRule, { pattern: RegExp; max: number; words: string }> = {
  subdomain: {
    pattern: SUBDOMAIN,
    max: 253,
    words:
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')",
  },
  label: {
    pattern: LABEL,
    max: 63,
    words:
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name')",
  },
  label1035: {
    pattern: LABEL_1035,
    max: 63,
    words:
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name')",
  },
};

/** metadata.name's rule by `apiVersion/kind`, and where a kind keeps its pod spec. */
const KINDS: Record<string, { name: NameRule; podSpec?: readonly string[] }> = {
  'v1/ConfigMap': { name: 'subdomain' },
  'v1/Secret': { name: 'subdomain' },
  'v1/ServiceAccount': { name: 'subdomain' },
  'v1/PersistentVolumeClaim': { name: 'subdomain' },
  'v1/Service': { name: 'label1035' },
  'v1/Namespace': { name: 'label' },
  'v1/Pod': { name: 'subdomain', podSpec: ['spec'] },
  'apps/v1/Deployment': { name: 'subdomain', podSpec: ['spec', 'template', 'spec'] },
  'apps/v1/StatefulSet': { name: 'subdomain', podSpec: ['spec', 'template', 'spec'] },
  'apps/v1/DaemonSet': { name: 'subdomain', podSpec: ['spec', 'template', 'spec'] },
  'apps/v1/ReplicaSet': { name: 'subdomain', podSpec: ['spec', 'template', 'spec'] },
  'batch/v1/Job': { name: 'subdomain', podSpec: ['spec', 'template', 'spec'] },
  'batch/v1/CronJob': { name: 'subdomain', podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  'networking.k8s.io/v1/Ingress': { name: 'subdomain' },
  'networking.k8s.io/v1/NetworkPolicy': { name: 'subdomain' },
};

/** The problems of an object's name and its containers' names (a container name is an RFC 1123 label). */
export function nameProblems(object: KubeObject): FieldProblem[] {
  const kind = KINDS[`${object.apiVersion}/${object.kind}`];
  if (kind === undefined) return [];
  const problems: FieldProblem[] = [];
  const check = (value: unknown, rule: NameRule, path: string) => {
    if (typeof value !== 'string') return; // the schema reports a name of the wrong type
    const { pattern, max, words } = RULES[rule];
    if (value.length > max) problems.push({ path, message: `must be no more than ${max} characters` });
    else if (!pattern.test(value))
      problems.push({ path, message: `${JSON.stringify(value)} is not a valid name: ${words}` });
  };
  check(object.metadata?.name, kind.name, 'metadata.name');
  if (kind.podSpec !== undefined) {
    let spec: unknown = object;
    for (const key of kind.podSpec) spec = (spec as Record<string, unknown> | undefined)?.[key];
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = (spec as Record<string, unknown> | undefined)?.[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((container: unknown, i) =>
        check(
          (container as { name?: unknown } | null)?.name,
          'label',
          `${kind.podSpec!.join('.')}.${list}[${i}].name`,
        ),
      );
    }
  }
  return problems;
}
