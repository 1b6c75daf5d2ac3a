// Pipeline step: every object kf renders says who manages it and which component it came from,
// so apply/prune/delete can find exactly the objects of a component.
import type { RenderedObject } from '../../kube-object.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'kf';
export const COMPONENT_LABEL = 'kf.dev/component';

export function addLabels(objects: RenderedObject[]): RenderedObject[] {
  return objects.map(({ component, object, ...rest }) => ({
    ...rest,
    component,
    object: {
      ...object,
      metadata: {
        ...object.metadata,
        labels: {
          ...(object.metadata.labels ?? {}),
          [MANAGED_BY_LABEL]: MANAGED_BY_VALUE,
          [COMPONENT_LABEL]: component,
        },
      },
    },
  }));
}
