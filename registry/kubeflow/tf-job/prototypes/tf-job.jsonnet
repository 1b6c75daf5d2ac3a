// @apiVersion 0.1
// @name io.ksonnet.pkg.tf-job
// @description A TensorFlow training job (TFJob, kubeflow.org/v1) with an optional chief, workers
//   and parameter servers. Every replica runs the same image and arguments in a container named
//   tensorflow with restart policy OnFailure; workers get nvidia.com/gpu limits and the GPU image
//   when num_gpus is above 0. Needs the TFJob operator of kubeflow/core.
// @shortDescription A TensorFlow training job (TFJob) with chief, workers and parameter servers.
// @param name string Name of the TFJob.
// @param image string Container image every replica runs, e.g. tensorflow/tensorflow:2.20.0.
// @optionalParam namespace string null Namespace of the TFJob; null means the environment's namespace.
// @optionalParam args string null Arguments of the container, comma-separated (or a Jsonnet array); null runs the image's default command.
// @optionalParam image_gpu string null Image of the workers when num_gpus is above 0; null means image.
// @optionalParam image_pull_secrets string null Comma-separated names of Secrets used to pull the images; null means none.
// @optionalParam num_masters number 1 Number of chiefs (replica type Chief): 0 or 1.
// @optionalParam num_workers number 0 Number of workers (replica type Worker).
// @optionalParam num_ps number 0 Number of parameter servers (replica type PS).
// @optionalParam num_gpus number 0 GPUs per worker (nvidia.com/gpu limit); above 0 the workers use image_gpu.

local tfJob = import 'kubeflow/tf-job/tf-job.libsonnet';

tfJob.render({
  name: import 'param://name',
  namespace: import 'param://namespace',
  args: import 'param://args',
  image: import 'param://image',
  image_gpu: import 'param://image_gpu',
  image_pull_secrets: import 'param://image_pull_secrets',
  num_masters: import 'param://num_masters',
  num_workers: import 'param://num_workers',
  num_ps: import 'param://num_ps',
  num_gpus: import 'param://num_gpus',
}, import 'env://namespace')
