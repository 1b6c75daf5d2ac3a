// Anonymous usage reporting (spartakus volunteer), off unless reportUsage is true: once a day it
// sends the cluster id, the Kubernetes version and node counts to Kubeflow's collector.
local name = 'spartakus';

{
  objects(c):: [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: name, namespace: c.namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: name },
      rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: name },
      subjects: [{ kind: 'ServiceAccount', name: name, namespace: c.namespace }],
    },
    {
      local podLabels = { app: 'spartakus' },
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'spartakus-volunteer', namespace: c.namespace, labels: podLabels },
      spec: {
        replicas: 1,
        selector: { matchLabels: podLabels },
        template: {
          metadata: { labels: podLabels },
          spec: {
            serviceAccountName: name,
            containers: [{
              name: 'volunteer',
              image: c.usageReporterImage,
              args: ['volunteer', '--cluster-id=' + c.usageId, '--database=https://stats-collector.kubeflow.org'],
            }],
          },
        },
      },
    },
  ],
}
