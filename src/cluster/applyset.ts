// ApplySet (KEP-3659) inventory, the pure part: the parent object's id, its annotations, widening
// before an apply and shrinking after a prune, and member labelling. kubectl computes the same id,
// so `KUBECTL_APPLYSET=true kubectl apply --prune --applyset=secret/<name>` sees kf's sets.
import { createHash } from 'node:crypto';
import { UserError } from '../errors.js';
import { describeObject, type KubeObject } from '../kube-object.js';

export const LABEL_PART_OF = 'applyset.kubernetes.io/part-of';
export const LABEL_ID = 'applyset.kubernetes.io/id';
export const ANNOTATION_TOOLING = 'applyset.kubernetes.io/tooling';
export const ANNOTATION_GROUP_KINDS = 'applyset.kubernetes.io/contains-group-kinds';
export const ANNOTATION_NAMESPACES = 'applyset.kubernetes.io/additional-namespaces';
/** kf's own member label: which component rendered the object (scopes `--prune` under `-c`). */
export const LABEL_COMPONENT = 'kf.dev/component';

export interface ApplySetParentRef {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  namespace: string;
}

/** Scope recorded on the parent: group-kinds (`Kind.group`) and namespaces other than the parent's. */
export interface ApplySetScope {
  groupKinds: string[];
  namespaces: string[];
}

/** `applyset-<base64url(sha256(name.namespace.kind.group))>-v1`, exactly as KEP-3659 and kubectl. */
export function applySetId(parent: ApplySetParentRef): string {
  const group = ''; // Secret and ConfigMap are in the core group
  const digest = createHash('sha256')
    .update(`${parent.name}.${parent.namespace}.${parent.kind}.${group}`)
    .digest('base64url');
  return `applyset-${digest}-v1`;
}

/** On a pre-id parent (`kf-<app>-<env>`): the ApplySet id of the app that took its members over. */
export const ANNOTATION_ADOPTED_BY = 'kf.dev/adopted-by';

/**
 * A DNS-1123 name for an environment's parent Secret: `kf-<app>-<env>-<app id>`, unique per app
 * even when two apps share a name; without an id, the `kf-<app>-<env>` of apps made before ids.
 */
export function parentName(appName: string, envName: string, appId?: string): string {
  const suffix = appId === undefined ? '' : `-${appId}`;
  const raw = `kf-${appName}-${envName}`
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 253 - suffix.length)
    .replace(/[^a-z0-9]+$/g, '');
  return `${raw}${suffix}`;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** Reads the recorded scope from a live parent, refusing one that another tool owns. */
export function readParentScope(parent: KubeObject, ref: ApplySetParentRef): ApplySetScope {
  const annotations = parent.metadata.annotations ?? {};
  const tooling = annotations[ANNOTATION_TOOLING];
  if (tooling !== undefined && !tooling.startsWith('kf/')) {
    throw new UserError(`${describeObject(parent)} is the ApplySet parent of another tool (${tooling})`, {
      hint: 'kf will not change an inventory owned by another tool; pick another environment namespace',
    });
  }
  const id = parent.metadata.labels?.[LABEL_ID];
  if (id !== undefined && id !== applySetId(ref)) {
    throw new UserError(`${describeObject(parent)} carries ApplySet id ${id}, expected ${applySetId(ref)}`, {
      hint: 'the parent was copied or renamed; delete its applyset labels to let kf adopt it',
    });
  }
  return {
    groupKinds: splitList(annotations[ANNOTATION_GROUP_KINDS]),
    namespaces: splitList(annotations[ANNOTATION_NAMESPACES]),
  };
}

/** The parent object (for a server-side apply) recording `scope`. */
export function parentObject(ref: ApplySetParentRef, scope: ApplySetScope, tooling: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: ref.kind,
    metadata: {
      name: ref.name,
      namespace: ref.namespace,
      labels: { [LABEL_ID]: applySetId(ref) },
      annotations: {
        [ANNOTATION_TOOLING]: tooling,
        [ANNOTATION_GROUP_KINDS]: [...scope.groupKinds].sort().join(','),
        [ANNOTATION_NAMESPACES]: scope.namespaces
          .filter((ns) => ns !== ref.namespace)
          .sort()
          .join(','),
      },
    },
  };
}

/** Scope for the parent before applying: everything recorded plus everything about to be applied. */
export function widenScope(recorded: ApplySetScope, next: ApplySetScope): ApplySetScope {
  return {
    groupKinds: union(recorded.groupKinds, next.groupKinds),
    namespaces: union(recorded.namespaces, next.namespaces),
  };
}

/** Adds the membership (and component) labels to an object about to be applied. */
export function labelMember(object: KubeObject, id: string, component: string): KubeObject {
  const existing = object.metadata.labels?.[LABEL_PART_OF];
  if (existing !== undefined && existing !== id) {
    throw new UserError(
      `${describeObject(object)} (component ${component}) already sets label ${LABEL_PART_OF}`,
      {
        hint: 'remove that label from the component; kf manages ApplySet membership itself',
      },
    );
  }
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: {
        ...object.metadata.labels,
        [LABEL_PART_OF]: id,
        [LABEL_COMPONENT]: componentLabelValue(component),
      },
    },
  };
}

/** Component names as a valid label value (≤ 63 chars of [A-Za-z0-9._-], alphanumeric at both ends). */
export function componentLabelValue(component: string): string {
  return component
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}
