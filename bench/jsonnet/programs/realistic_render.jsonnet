// A realistic render: 2,000 Deployments, each with a Service and a ConfigMap, built from a shared library.
local labels(name) = { app: name, 'app.kubernetes.io/part-of': 'bench', tier: if std.length(name) % 2 == 0 then 'web' else 'worker' };
local container(name, i) = {
  name: name,
  image: 'registry.example.com/%s:v%d.%d' % [name, i % 7, i % 13],
  ports: [{ containerPort: 8080 + (i % 3), name: 'http' }],
  env: [{ name: 'INDEX', value: std.toString(i) }, { name: 'NAME', value: name }],
  resources: { requests: { cpu: '%dm' % (100 + i % 400), memory: '%dMi' % (128 + i % 256) }, limits: self.requests },
};
local deployment(name, i) = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: name, namespace: 'default', labels: labels(name) },
  spec: {
    replicas: 1 + i % 3,
    selector: { matchLabels: labels(name) },
    template: { metadata: { labels: labels(name) }, spec: { containers: [container(name, i)] } },
  },
};
local service(name, i) = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: name, labels: labels(name) },
  spec: { selector: labels(name), ports: [{ port: 80, targetPort: 8080 + (i % 3) }] },
};
local configMap(name, i) = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: name + '-config' },
  data: { 'config.yaml': std.manifestYamlDoc({ name: name, index: i, features: ['a', 'b'] }) },
};
std.flattenArrays([
  [deployment('svc-%d' % i, i), service('svc-%d' % i, i), configMap('svc-%d' % i, i)]
  for i in std.range(1, 2000)
])
