// @apiVersion 0.1.0
// @name io.ksonnet.pkg.single-port-deployment
// @description A Deployment that replicates one container image across the cluster and exposes
//   a single port; pods are labelled app=<name>.
// @shortDescription Replicates a container n times, exposes a single port
// @param name string Name of the Deployment and its app label
// @param image string Container image to deploy
// @optionalParam replicas number 1 Number of replicas
// @optionalParam port number 80 Container port to expose
local name = import 'param://name';
local labels = { app: name };
{
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: name, labels: labels },
  spec: {
    replicas: import 'param://replicas',
    selector: { matchLabels: labels },
    template: {
      metadata: { labels: labels },
      spec: {
        containers: [
          {
            name: name,
            image: import 'param://image',
            ports: [{ containerPort: import 'param://port' }],
          },
        ],
      },
    },
  },
}
