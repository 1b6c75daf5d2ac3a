// @apiVersion 0.1
// @name io.ksonnet.pkg.tf-serving
// @description TensorFlow Serving for one model: a Deployment of tensorflow/serving and a Service
//   with gRPC on port 8500 and REST on 8501 (GET /v1/models/<model_name>, POST
//   /v1/models/<model_name>:predict). model_path holds numbered version folders with a SavedModel.
//   With num_gpus above 0 the GPU image is used and nvidia.com/gpu requested. cloud gcp mounts a
//   service-account key Secret and sets GOOGLE_APPLICATION_CREDENTIALS; cloud aws or s3_enable
//   passes S3 credentials from a Secret and the S3 settings.
// @shortDescription TensorFlow Serving Deployment and Service for one model.
// @param name string Name of the Deployment and the Service (also the label app).
// @param model_path string Model base path, e.g. gs://kubeflow-models/inception or s3://bucket/model (--model_base_path).
// @optionalParam namespace string null Namespace of the objects; null means the environment's namespace.
// @optionalParam model_name string null Name the model is served under (--model_name); null means name.
// @optionalParam replicas number 1 Number of model server pods.
// @optionalParam num_gpus number 0 GPUs per pod (nvidia.com/gpu limit); above 0 uses model_server_image_gpu.
// @optionalParam service_type string ClusterIP Type of the Service: ClusterIP, NodePort or LoadBalancer.
// @optionalParam model_server_image string tensorflow/serving:2.20.0 Model server image without GPUs.
// @optionalParam model_server_image_gpu string tensorflow/serving:2.20.0-gpu Model server image when num_gpus is above 0.
// @optionalParam cloud string null Where the model is stored: gcp (Google Cloud Storage credentials), aws (S3, same as s3_enable) or null.
// @optionalParam gcp_credential_secret_name string user-gcp-sa Secret holding the Google service-account key (cloud gcp).
// @optionalParam gcp_credential_file_name string user-gcp-sa.json Key file name inside that Secret (cloud gcp).
// @optionalParam s3_enable boolean false Pass S3 credentials and settings to the model server.
// @optionalParam s3_secret_name string null Secret with the S3 access keys; required when S3 is on.
// @optionalParam s3_secret_accesskeyid_key_name string AWS_ACCESS_KEY_ID Key of the access key id in that Secret.
// @optionalParam s3_secret_secretaccesskey_key_name string AWS_SECRET_ACCESS_KEY Key of the secret access key in that Secret.
// @optionalParam s3_aws_region string us-west-1 S3 region (AWS_REGION, S3_REGION).
// @optionalParam s3_endpoint string s3.us-west-1.amazonaws.com S3 endpoint host (S3_ENDPOINT).
// @optionalParam s3_use_https boolean true Use HTTPS for S3 (S3_USE_HTTPS).
// @optionalParam s3_verify_ssl boolean true Verify the S3 TLS certificate (S3_VERIFY_SSL).

local tfServing = import 'kubeflow/tf-serving/tf-serving.libsonnet';

tfServing.render({
  name: import 'param://name',
  namespace: import 'param://namespace',
  model_path: import 'param://model_path',
  model_name: import 'param://model_name',
  replicas: import 'param://replicas',
  num_gpus: import 'param://num_gpus',
  service_type: import 'param://service_type',
  model_server_image: import 'param://model_server_image',
  model_server_image_gpu: import 'param://model_server_image_gpu',
  cloud: import 'param://cloud',
  gcp_credential_secret_name: import 'param://gcp_credential_secret_name',
  gcp_credential_file_name: import 'param://gcp_credential_file_name',
  s3_enable: import 'param://s3_enable',
  s3_secret_name: import 'param://s3_secret_name',
  s3_secret_accesskeyid_key_name: import 'param://s3_secret_accesskeyid_key_name',
  s3_secret_secretaccesskey_key_name: import 'param://s3_secret_secretaccesskey_key_name',
  s3_aws_region: import 'param://s3_aws_region',
  s3_endpoint: import 'param://s3_endpoint',
  s3_use_https: import 'param://s3_use_https',
  s3_verify_ssl: import 'param://s3_verify_ssl',
}, import 'env://namespace')
