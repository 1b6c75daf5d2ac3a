// @apiVersion 0.1.0
// @name io.ksonnet.pkg.namespace
// @description A Namespace; its `name` label is filled in from the namespace's name.
// @shortDescription Namespace with labels automatically populated from the name
// @param name string Name of the namespace
local name = import 'param://name';
{
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: name, labels: { name: name } },
}
