// Sets up the `restricted` user's permissions through the API: it may only read
// (get/list/watch) in one namespace; everything else is forbidden by RBAC.
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';

export const RESTRICTED_NAMESPACE = 'kf-restricted';
const ROLE = 'kf-read-only';

export async function grantReadOnly(
  kc: KubeConfig,
  user: string,
  namespace = RESTRICTED_NAMESPACE,
): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  await rbac.createNamespacedRole({
    namespace,
    body: {
      metadata: { name: ROLE, namespace },
      rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
    },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: ROLE, namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  });
}
