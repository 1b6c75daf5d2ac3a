// The TFJob CustomResourceDefinition (kubeflow.org/v1, as served by the Kubeflow training operator
// v1.8 and v1.9). The schema types the job-level fields and carries the operator webhook's main rules as
// OpenAPI and CEL, so the API server rejects a malformed job even when the operator is not running.
// Pod templates keep unknown fields: their containers are checked (name, image, one named
// `tensorflow`), the rest of the PodSpec is left to the kubelet as in any pod.
local int32 = { type: 'integer', format: 'int32' };
local int64 = { type: 'integer', format: 'int64' };
local string = { type: 'string' };
local time = { type: 'string', format: 'date-time' };
local stringMap = { type: 'object', additionalProperties: string };
local replicaTypes = ['ps', 'worker', 'chief', 'master', 'evaluator'];

local podTemplate = {
  type: 'object',
  required: ['spec'],
  properties: {
    metadata: {
      type: 'object',
      properties: {
        name: string,
        namespace: string,
        labels: stringMap,
        annotations: stringMap,
        finalizers: { type: 'array', items: string },
      },
    },
    spec: {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      required: ['containers'],
      properties: {
        containers: {
          type: 'array',
          minItems: 1,
          maxItems: 64,
          items: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            required: ['name', 'image'],
            properties: { name: string, image: string { minLength: 1 } },
          },
        },
      },
      'x-kubernetes-validations': [{
        rule: "self.containers.exists(c, c.name == 'tensorflow')",
        message: 'every TFJob replica needs a container named tensorflow',
      }],
    },
  },
};

local replicaSpec = {
  type: 'object',
  required: ['template'],
  properties: {
    replicas: int32 { minimum: 0 },
    restartPolicy: string { enum: ['Always', 'OnFailure', 'Never', 'ExitCode'] },
    template: podTemplate,
  },
};

local runPolicy = {
  type: 'object',
  properties: {
    cleanPodPolicy: string { enum: ['All', 'Running', 'None'] },
    ttlSecondsAfterFinished: int32 { minimum: 0 },
    activeDeadlineSeconds: int64 { minimum: 1 },
    backoffLimit: int32 { minimum: 0 },
    schedulingPolicy: {
      type: 'object',
      properties: {
        minAvailable: int32,
        queue: string {
          'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'spec.runPolicy.schedulingPolicy.queue is immutable' }],
        },
        minResources: {
          type: 'object',
          additionalProperties: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        },
        priorityClass: string,
        scheduleTimeoutSeconds: int32,
      },
    },
    suspend: { type: 'boolean', default: false },
    managedBy: string {
      enum: ['kubeflow.org/training-operator', 'kueue.x-k8s.io/multikueue'],
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'spec.runPolicy.managedBy is immutable' }],
    },
  },
};

local status = {
  type: 'object',
  properties: {
    conditions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type', 'status'],
        properties: {
          type: string,
          status: string,
          reason: string,
          message: string,
          lastUpdateTime: time,
          lastTransitionTime: time,
        },
      },
    },
    replicaStatuses: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { active: int32, succeeded: int32, failed: int32, labelSelector: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, selector: string },
      },
    },
    startTime: time,
    completionTime: time,
    lastReconcileTime: time,
  },
};

{
  crd: {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'tfjobs.kubeflow.org' },
    spec: {
      group: 'kubeflow.org',
      scope: 'Namespaced',
      names: { kind: 'TFJob', listKind: 'TFJobList', plural: 'tfjobs', singular: 'tfjob' },
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'State', type: 'string', jsonPath: '.status.conditions[-1:].type' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'A distributed TensorFlow training job run by the Kubeflow training operator.',
            properties: {
              apiVersion: string,
              kind: string,
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['tfReplicaSpecs'],
                properties: {
                  tfReplicaSpecs: {
                    type: 'object',
                    description: 'Replica specs by type: PS, Worker, Chief (Master is the legacy name), Evaluator.',
                    minProperties: 1,
                    maxProperties: std.length(replicaTypes),
                    additionalProperties: replicaSpec,
                    'x-kubernetes-validations': [
                      {
                        rule: 'self.all(k, k.lowerAscii() in %s)' % std.manifestJsonMinified(replicaTypes),
                        message: 'replica types are PS, Worker, Chief, Master and Evaluator',
                      },
                      {
                        rule: "self.filter(k, k.lowerAscii() in ['chief', 'master']).size() <= 1",
                        message: 'a TFJob has either a Chief or a Master replica, not both',
                      },
                      {
                        rule: "self.all(k, !(k.lowerAscii() in ['chief', 'master']) || !has(self[k].replicas) || self[k].replicas <= 1)",
                        message: 'a TFJob has at most one Chief (or Master)',
                      },
                    ],
                  },
                  runPolicy: runPolicy,
                  successPolicy: string { enum: ['', 'AllWorkers'] },
                  enableDynamicWorker: { type: 'boolean' },
                },
              },
              status: status,
            },
            'x-kubernetes-validations': [{
              rule: "self.metadata.name.size() <= 63 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
              message: 'a TFJob name must be a DNS-1035 label: lower-case letters, digits and dashes, starting with a letter, at most 63 characters',
            }],
          },
        },
      }],
    },
  },
}
