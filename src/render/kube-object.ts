// The shape of one rendered Kubernetes object, as the render pipeline hands it to show, apply,
// diff, delete and export.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** One object of an environment together with the component that produced it. */
export interface RenderedObject {
  component: string;
  object: KubeObject;
}

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'kf';
export const COMPONENT_LABEL = 'kf.dev/component';
