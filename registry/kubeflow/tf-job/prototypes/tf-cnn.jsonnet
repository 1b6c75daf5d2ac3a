// @apiVersion 0.1
// @name io.ksonnet.pkg.tf-cnn
// @description TensorFlow's CNN benchmark (tf_cnn_benchmarks from tensorflow/benchmarks) as a
//   distributed TFJob (kubeflow.org/v1) with parameter servers and workers. Without GPUs every task
//   runs on CPU (--num_gpus=1 --local_parameter_device=cpu --device=cpu --data_format=NHWC); with
//   num_gpus above 0 the workers use image_gpu, ask for nvidia.com/gpu and run --num_gpus=N, while the
//   parameter servers stay on CPU. An init container downloads benchmarks_archive, so the pods need
//   access to it. Needs the TFJob operator of kubeflow/core.
// @shortDescription TensorFlow CNN benchmark as a distributed TFJob (CPU or GPU workers).
// @param name string Name of the TFJob.
// @optionalParam namespace string null Namespace of the TFJob; null means the environment's namespace.
// @optionalParam batch_size number 32 Batch size per device (--batch_size).
// @optionalParam model string resnet50 Model to benchmark (--model), e.g. resnet50, inception3, vgg16, alexnet.
// @optionalParam num_gpus number 0 GPUs per worker; 0 runs the workers on CPU.
// @optionalParam num_ps number 1 Number of parameter servers; at least 1.
// @optionalParam num_workers number 1 Number of workers; at least 1.
// @optionalParam image string tensorflow/tensorflow:2.20.0 Image of the parameter servers, and of the workers when num_gpus is 0.
// @optionalParam image_gpu string tensorflow/tensorflow:2.20.0-gpu Image of the workers when num_gpus is above 0.
// @optionalParam image_pull_secrets string null Comma-separated names of Secrets used to pull the images; null means none.
// @optionalParam benchmarks_archive string https://github.com/tensorflow/benchmarks/archive/8fb79079265933ad39bea628b777af662f5bf15d.tar.gz Source archive of tensorflow/benchmarks (pinned commit) that the init container unpacks.

local tfCnn = import 'kubeflow/tf-job/tf-cnn.libsonnet';

tfCnn.render({
  name: import 'param://name',
  namespace: import 'param://namespace',
  batch_size: import 'param://batch_size',
  model: import 'param://model',
  num_gpus: import 'param://num_gpus',
  num_ps: import 'param://num_ps',
  num_workers: import 'param://num_workers',
  image: import 'param://image',
  image_gpu: import 'param://image_gpu',
  image_pull_secrets: import 'param://image_pull_secrets',
  benchmarks_archive: import 'param://benchmarks_archive',
}, import 'env://namespace')
