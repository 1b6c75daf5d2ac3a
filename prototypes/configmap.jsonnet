// @apiVersion 0.1.0
// @name io.ksonnet.pkg.configMap
// @description A ConfigMap with optional user-specified data (string keys and values).
// @shortDescription A simple config map with optional user-specified data
// @param name string Name of the ConfigMap
// @optionalParam data object {} Data of the ConfigMap, e.g. '{"log-level": "info"}'
{
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: import 'param://name' },
  data: import 'param://data',
}
