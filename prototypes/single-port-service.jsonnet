// @apiVersion 0.1.0
// @name io.ksonnet.pkg.single-port-service
// @description A Service that exposes servicePort and directs traffic to the pods matching
//   targetLabelSelector, at targetPort.
// @shortDescription Service that exposes a single port
// @param name string Name of the Service
// @param targetLabelSelector object Labels of the pods to target, e.g. '{"app": "web"}'
// @optionalParam servicePort number 80 Port the Service exposes
// @optionalParam targetPort number 80 Port of the target pods
// @optionalParam protocol string TCP Protocol (TCP, UDP or SCTP)
// @optionalParam type string ClusterIP Type of the Service (ClusterIP, NodePort or LoadBalancer)
{
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: import 'param://name' },
  spec: {
    type: import 'param://type',
    selector: import 'param://targetLabelSelector',
    ports: [
      {
        port: import 'param://servicePort',
        targetPort: import 'param://targetPort',
        protocol: import 'param://protocol',
      },
    ],
  },
}
