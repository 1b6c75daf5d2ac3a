// TensorFlow Serving (tensorflow/serving) as a Deployment and a Service: gRPC on 8500, REST on
// 8501, one model loaded from model_path (gs://, s3:// or a path in the container).
local util = import 'util.libsonnet';

{
  grpcPort:: 8500,
  restPort:: 8501,

  // Google Cloud: the service-account key from a Secret, found through GOOGLE_APPLICATION_CREDENTIALS.
  gcpCredentials(secretName, fileName):: {
    env: [{ name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/secret/gcp-credentials/' + fileName }],
    volumeMounts: [{ name: 'gcp-credentials', mountPath: '/secret/gcp-credentials', readOnly: true }],
    volumes: [{ name: 'gcp-credentials', secret: { secretName: secretName } }],
  },

  // S3 (or an S3-compatible store): keys from a Secret, the rest as TensorFlow's S3 settings.
  s3Settings(s3):: {
    local key(name, field) = { name: name, valueFrom: { secretKeyRef: { name: s3.secretName, key: field } } },
    local flag(value) = if value then '1' else '0',
    env: [
      key('AWS_ACCESS_KEY_ID', s3.accessKeyIdKeyName),
      key('AWS_SECRET_ACCESS_KEY', s3.secretAccessKeyKeyName),
      { name: 'AWS_REGION', value: s3.region },
      { name: 'S3_REGION', value: s3.region },
      { name: 'S3_ENDPOINT', value: s3.endpoint },
      { name: 'S3_USE_HTTPS', value: flag(s3.useHttps) },
      { name: 'S3_VERIFY_SSL', value: flag(s3.verifySsl) },
    ],
    volumeMounts: [],
    volumes: [],
  },

  none:: { env: [], volumeMounts: [], volumes: [] },
  // Storage settings add up (env, mounts and volumes are lists).
  combine(a, b):: { env: a.env + b.env, volumeMounts: a.volumeMounts + b.volumeMounts, volumes: a.volumes + b.volumes },

  // params: see prototypes/tf-serving.jsonnet for each field.
  config(params, envNamespace)::
    local proto = 'tf-serving';
    local name = util.requireString(proto, 'name', params.name);
    local gpus = util.toCount(proto, 'num_gpus', params.num_gpus, 0);
    local cloud = util.oneOf(proto, 'cloud', std.get(params, 'cloud'), [null, 'gcp', 'aws']);
    local s3Enabled = cloud == 'aws' || util.toBool(proto, 's3_enable', params.s3_enable);
    {
      name: name,
      namespace: util.namespace(params, envNamespace),
      modelName: if util.isSet(std.get(params, 'model_name')) then params.model_name else name,
      modelPath: util.requireString(proto, 'model_path', params.model_path),
      replicas: util.toCount(proto, 'replicas', params.replicas, 0),
      gpus: gpus,
      image: util.requireString(proto,
                                if gpus > 0 then 'model_server_image_gpu' else 'model_server_image',
                                if gpus > 0 then params.model_server_image_gpu else params.model_server_image),
      serviceType: util.oneOf(proto, 'service_type', params.service_type, ['ClusterIP', 'NodePort', 'LoadBalancer']),
      storage: $.combine(
        if cloud == 'gcp' then $.gcpCredentials(
          util.requireString(proto, 'gcp_credential_secret_name', params.gcp_credential_secret_name),
          util.requireString(proto, 'gcp_credential_file_name', params.gcp_credential_file_name),
        ) else $.none,
        if s3Enabled then $.s3Settings({
          secretName: util.requireString(proto, 's3_secret_name', params.s3_secret_name),
          accessKeyIdKeyName: util.requireString(proto, 's3_secret_accesskeyid_key_name', params.s3_secret_accesskeyid_key_name),
          secretAccessKeyKeyName: util.requireString(proto, 's3_secret_secretaccesskey_key_name', params.s3_secret_secretaccesskey_key_name),
          region: util.requireString(proto, 's3_aws_region', params.s3_aws_region),
          endpoint: util.requireString(proto, 's3_endpoint', params.s3_endpoint),
          useHttps: util.toBool(proto, 's3_use_https', params.s3_use_https),
          verifySsl: util.toBool(proto, 's3_verify_ssl', params.s3_verify_ssl),
        }) else $.none,
      ),
    },

  labels(c):: { app: c.name },

  service(c):: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: c.name, namespace: c.namespace, labels: $.labels(c) },
    spec: {
      type: c.serviceType,
      selector: $.labels(c),
      ports: [
        { name: 'grpc-tf-serving', port: $.grpcPort, targetPort: 'grpc' },
        { name: 'http-tf-serving', port: $.restPort, targetPort: 'http' },
      ],
    },
  },

  deployment(c):: {
    local container = {
      name: 'tensorflow-serving',
      image: c.image,
      // An explicit command: the image's entrypoint would add a second --model_base_path.
      command: ['tensorflow_model_server'],
      args: [
        '--port=%d' % $.grpcPort,
        '--rest_api_port=%d' % $.restPort,
        '--model_name=' + c.modelName,
        '--model_base_path=' + c.modelPath,
      ],
      ports: [
        { name: 'grpc', containerPort: $.grpcPort },
        { name: 'http', containerPort: $.restPort },
      ],
      [if std.length(c.storage.env) > 0 then 'env']: c.storage.env,
      [if std.length(c.storage.volumeMounts) > 0 then 'volumeMounts']: c.storage.volumeMounts,
      resources: {
        requests: { cpu: '1', memory: '1Gi' },
        limits: { cpu: '4', memory: '4Gi' } + (if c.gpus > 0 then { 'nvidia.com/gpu': c.gpus } else {}),
      },
      // Ready once the model has a version loaded: GET /v1/models/<name> answers 200.
      readinessProbe: {
        httpGet: { path: '/v1/models/' + c.modelName, port: 'http' },
        initialDelaySeconds: 5,
        periodSeconds: 10,
      },
    },
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: c.name, namespace: c.namespace, labels: $.labels(c) },
    spec: {
      replicas: c.replicas,
      selector: { matchLabels: $.labels(c) },
      template: {
        metadata: { labels: $.labels(c) },
        spec: {
          // fsGroup belongs to the pod, not the container (the 2018 prototype had it wrong).
          securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
          containers: [container],
          [if std.length(c.storage.volumes) > 0 then 'volumes']: c.storage.volumes,
        },
      },
    },
  },

  render(params, envNamespace)::
    local c = $.config(params, envNamespace);
    util.list([$.service(c), $.deployment(c)]),
}
