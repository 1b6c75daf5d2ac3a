// @apiVersion 0.1.0
// @name io.ksonnet.pkg.deployed-service
// @description A Deployment running one container image, exposed inside the cluster by a Service
//   that forwards servicePort to the containers' containerPort.
// @shortDescription A deployment exposed with a service
// @param name string Name of the Deployment, the Service and the app label
// @param image string Container image to deploy
// @optionalParam servicePort number 80 Port the Service exposes
// @optionalParam containerPort number 80 Container port the Service targets
// @optionalParam replicas number 1 Number of replicas
// @optionalParam type string ClusterIP Type of the Service (ClusterIP, NodePort or LoadBalancer)
local name = import 'param://name';
local labels = { app: name };
[
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: name, labels: labels },
    spec: {
      type: import 'param://type',
      selector: labels,
      ports: [{ port: import 'param://servicePort', targetPort: import 'param://containerPort' }],
    },
  },
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
              ports: [{ containerPort: import 'param://containerPort' }],
            },
          ],
        },
      },
    },
  },
]
