// The Kubeflow training operator (v1 line, v1.8.1 as its standalone manifests deploy it) running the TFJob controller only
// (--enable-scheme=tfjob), with its validating webhook. The operator generates its own webhook
// certificate into the Secret below and patches the CA into the webhook configuration.
local name = 'training-operator';
local labels = { 'control-plane': 'kubeflow-training-operator' };

{
  local rule(groups, resources, verbs) = { apiGroups: groups, resources: resources, verbs: verbs },
  local all = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],

  serviceAccount(c):: {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: name, namespace: c.namespace },
  },

  // What the TFJob controller, its webhook and the certificate rotator use (the upstream role
  // also covers the other job kinds, which this operator does not run).
  clusterRole(c):: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: name },
    rules: [
      rule(['kubeflow.org'], ['tfjobs'], all),
      rule(['kubeflow.org'], ['tfjobs/status'], ['get', 'patch', 'update']),
      rule(['kubeflow.org'], ['tfjobs/finalizers'], ['update']),
      rule([''], ['pods'], all),
      rule([''], ['services'], ['create', 'delete', 'get', 'list', 'watch']),
      rule([''], ['events'], all),
      rule([''], ['secrets'], ['get', 'list', 'update', 'watch']),
      rule(['admissionregistration.k8s.io'], ['validatingwebhookconfigurations'], ['get', 'list', 'update', 'watch']),
    ],
  },

  clusterRoleBinding(c):: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: name },
    subjects: [{ kind: 'ServiceAccount', name: name, namespace: c.namespace }],
  },

  // Filled by the operator at start-up (CA, serving certificate and key).
  webhookCertSecret(c):: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'training-operator-webhook-cert', namespace: c.namespace },
    type: 'Opaque',
  },

  service(c):: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: name, namespace: c.namespace, labels: { app: name } },
    spec: {
      type: 'ClusterIP',
      selector: labels,
      ports: [
        { name: 'monitoring-port', port: 8080, targetPort: 8080 },
        { name: 'webhook-server', port: 443, targetPort: 9443, protocol: 'TCP' },
      ],
    },
  },

  webhook(c):: {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'validator.training-operator.kubeflow.org' },
    webhooks: [{
      name: 'validator.tfjob.training-operator.kubeflow.org',
      admissionReviewVersions: ['v1'],
      clientConfig: { service: { name: name, namespace: c.namespace, path: '/validate-kubeflow-org-v1-tfjob' } },
      failurePolicy: c.webhookFailurePolicy,
      sideEffects: 'None',
      rules: [{
        apiGroups: ['kubeflow.org'],
        apiVersions: ['v1'],
        operations: ['CREATE', 'UPDATE'],
        resources: ['tfjobs'],
      }],
    }],
  },

  deployment(c):: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: name, namespace: c.namespace, labels: labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: labels, annotations: { 'sidecar.istio.io/inject': 'false' } },
        spec: {
          serviceAccountName: name,
          terminationGracePeriodSeconds: 10,
          containers: [{
            name: name,
            image: c.operatorImage,
            command: ['/manager'],
            args: ['--enable-scheme=tfjob'],
            env: [
              { name: 'MY_POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              { name: 'MY_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            ports: [
              { name: 'metrics', containerPort: 8080 },
              { name: 'webhook-server', containerPort: 9443, protocol: 'TCP' },
              { name: 'probes', containerPort: 8081 },
            ],
            securityContext: { allowPrivilegeEscalation: false },
            volumeMounts: [{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }],
            livenessProbe: { httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 3 },
            readinessProbe: { httpGet: { path: '/readyz', port: 8081 }, initialDelaySeconds: 10, periodSeconds: 15, timeoutSeconds: 3 },
          }],
          volumes: [{ name: 'cert', secret: { secretName: 'training-operator-webhook-cert', defaultMode: 420 } }],
        },
      },
    },
  },

  objects(c):: [
    $.serviceAccount(c),
    $.clusterRole(c),
    $.clusterRoleBinding(c),
    $.webhookCertSecret(c),
    $.service(c),
    $.webhook(c),
    $.deployment(c),
  ],
}
