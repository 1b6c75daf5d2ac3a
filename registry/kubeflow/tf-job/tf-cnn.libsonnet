// TensorFlow's CNN benchmark (tensorflow/benchmarks, scripts/tf_cnn_benchmarks) as a TFJob with
// parameter servers and workers. A stock TensorFlow image runs it: an init container unpacks the
// benchmark sources into a shared volume, and launcher.py maps TF_CONFIG to the benchmark flags.
local tfJob = import 'tf-job.libsonnet';
local util = import 'util.libsonnet';

{
  sourceDir:: '/opt/tf-benchmarks',
  workingDir:: self.sourceDir + '/scripts/tf_cnn_benchmarks',

  // Flags every task gets; the device flags depend on where the task runs.
  baseArgs(batchSize, model):: [
    '--batch_size=%d' % batchSize,
    '--model=' + model,
    '--variable_update=parameter_server',
  ],
  // On CPU the benchmark still needs --num_gpus=1 (it sizes its device list by it) with the
  // device switched to cpu and the NHWC layout that CPU kernels support.
  cpuArgs:: ['--num_gpus=1', '--local_parameter_device=cpu', '--device=cpu', '--data_format=NHWC'],
  gpuArgs(gpus):: ['--num_gpus=%d' % gpus],

  pod(image, args, gpus, archive, secrets):: {
    initContainers: [{
      name: 'fetch-benchmarks',
      image: image,
      command: ['python3', '-c', importstr 'fetch_benchmarks.py', archive, $.sourceDir],
      volumeMounts: [{ name: 'tf-benchmarks', mountPath: $.sourceDir }],
    }],
    containers: [tfJob.container(image, args, gpus) + {
      command: ['python3', '-c', importstr 'launcher.py'],
      workingDir: $.workingDir,
      volumeMounts: [{ name: 'tf-benchmarks', mountPath: $.sourceDir }],
    }],
    volumes: [{ name: 'tf-benchmarks', emptyDir: {} }],
  } + tfJob.pullSecrets(secrets),

  // params: name, namespace, batch_size, model, num_gpus, num_ps, num_workers, image, image_gpu,
  // image_pull_secrets, benchmarks_archive (see prototypes/tf-cnn.jsonnet).
  render(params, envNamespace)::
    local proto = 'tf-cnn';
    local name = util.requireString(proto, 'name', params.name);
    local ps = util.toCount(proto, 'num_ps', params.num_ps, 1);
    local workers = util.toCount(proto, 'num_workers', params.num_workers, 1);
    local gpus = util.toCount(proto, 'num_gpus', params.num_gpus, 0);
    local batchSize = util.toCount(proto, 'batch_size', params.batch_size, 1);
    local model = util.requireString(proto, 'model', params.model);
    local image = util.requireString(proto, 'image', params.image);
    local gpuImage = util.requireString(proto, 'image_gpu', params.image_gpu);
    local archive = util.requireString(proto, 'benchmarks_archive', params.benchmarks_archive);
    local secrets = util.toList(proto, 'image_pull_secrets', std.get(params, 'image_pull_secrets'));
    local base = $.baseArgs(batchSize, model);
    tfJob.tfJob(name, util.namespace(params, envNamespace), {
      Worker: tfJob.replicaSpec(
        workers,
        if gpus > 0 then $.pod(gpuImage, base + $.gpuArgs(gpus), gpus, archive, secrets)
        else $.pod(image, base + $.cpuArgs, 0, archive, secrets)
      ),
      // Parameter servers only hold variables: always the CPU image and CPU flags.
      PS: tfJob.replicaSpec(ps, $.pod(image, base + $.cpuArgs, 0, archive, secrets)),
    }),
}
