// JupyterHub: the hub (StatefulSet tf-hub) with configurable-http-proxy as a sidecar, its
// Services, and the RBAC KubeSpawner needs to start notebook pods in the same namespace.
local labels = { app: 'tf-hub' };
local tokenDir = '/run/kf-proxy';

{
  configMap(c):: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'jupyterhub-config', namespace: c.namespace },
    data: { 'jupyterhub_config.py': importstr 'jupyterhub_config.py' },
  },

  // Headless: gives the hub pod a stable DNS name; notebook servers call the hub API through it.
  headlessService(c):: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'tf-hub-0', namespace: c.namespace, labels: labels },
    spec: {
      clusterIP: 'None',
      selector: labels,
      ports: [
        { name: 'hub', port: 8000, targetPort: 'proxy-public' },
        { name: 'hub-api', port: 8081, targetPort: 'hub-api' },
      ],
    },
  },

  // The user-facing entry point: port 80 to the proxy.
  loadBalancerService(c):: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'tf-hub-lb', namespace: c.namespace, labels: labels },
    spec: {
      type: c.hubServiceType,
      selector: labels,
      ports: [{ name: 'hub', port: 80, targetPort: 'proxy-public' }],
    },
  },

  serviceAccount(c):: {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'jupyter-hub', namespace: c.namespace },
  },

  // KubeSpawner creates and deletes notebook pods and their PVCs and follows their events.
  role(c):: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'jupyter-role', namespace: c.namespace },
    rules: [
      { apiGroups: [''], resources: ['pods', 'persistentvolumeclaims'], verbs: ['get', 'watch', 'list', 'create', 'delete'] },
      { apiGroups: [''], resources: ['events'], verbs: ['get', 'watch', 'list'] },
    ],
  },

  roleBinding(c):: {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'jupyter-role', namespace: c.namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'jupyter-role' },
    subjects: [{ kind: 'ServiceAccount', name: 'jupyter-hub', namespace: c.namespace }],
  },

  statefulSet(c):: {
    local env(name, value) = { name: name, value: value },
    local tokenMount = { name: 'proxy-token', mountPath: tokenDir },
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'tf-hub', namespace: c.namespace, labels: labels },
    spec: {
      replicas: 1,
      serviceName: 'tf-hub-0',
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: labels },
        spec: {
          serviceAccountName: 'jupyter-hub',
          securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
          // A fresh random token for the hub to talk to its proxy, kept for the pod's lifetime.
          initContainers: [{
            name: 'proxy-token',
            image: c.hubImage,
            command: ['python3', '-c', "import secrets, sys; open(sys.argv[1], 'w').write(secrets.token_hex(32))", tokenDir + '/token'],
            volumeMounts: [tokenMount],
          }],
          containers: [
            {
              name: 'hub',
              image: c.hubImage,
              command: ['jupyterhub', '--config', '/etc/config/jupyterhub_config.py'],
              ports: [{ name: 'hub-api', containerPort: 8081 }],
              env: [
                     { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                     env('KF_HUB_SERVICE', 'tf-hub-0'),
                     env('KF_PROXY_TOKEN_FILE', tokenDir + '/token'),
                     env('KF_AUTHENTICATOR', c.authenticator),
                     env('KF_NOTEBOOK_IMAGE', c.notebookImage),
                     env('KF_NOTEBOOK_GPU_IMAGE', c.notebookGpuImage),
                   ]
                   + (if c.notebookPvcMount != null then [env('NOTEBOOK_PVC_MOUNT', c.notebookPvcMount)] else [])
                   + (if c.cloud != null then [env('CLOUD_NAME', c.cloud)] else []),
              volumeMounts: [{ name: 'config', mountPath: '/etc/config' }, tokenMount],
              readinessProbe: { httpGet: { path: '/hub/health', port: 'hub-api' }, periodSeconds: 10 },
              resources: { requests: { cpu: '200m', memory: '512Mi' } },
            },
            {
              name: 'proxy',
              image: c.proxyImage,
              command: [
                'sh',
                '-c',
                'CONFIGPROXY_AUTH_TOKEN="$(cat %s/token)" exec configurable-http-proxy --ip=0.0.0.0 --port=8000 --api-ip=127.0.0.1 --api-port=8001 --default-target=http://127.0.0.1:8081 --error-target=http://127.0.0.1:8081/hub/error' % tokenDir,
              ],
              ports: [{ name: 'proxy-public', containerPort: 8000 }],
              volumeMounts: [tokenMount],
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
          volumes: [
            { name: 'config', configMap: { name: 'jupyterhub-config' } },
            { name: 'proxy-token', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
  },

  objects(c):: [
    $.configMap(c),
    $.serviceAccount(c),
    $.role(c),
    $.roleBinding(c),
    $.headlessService(c),
    $.loadBalancerService(c),
    $.statefulSet(c),
  ],
}
