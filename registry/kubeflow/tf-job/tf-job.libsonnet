// TFJob (kubeflow.org/v1) objects for the tf-job and tf-cnn prototypes. Everything here is a pure
// function of a params object, so tests can evaluate it without the prototype holes.
local util = import 'util.libsonnet';

{
  // replicaSpec(n, template): one entry of spec.tfReplicaSpecs. The replica's restartPolicy
  // overrides the pod's; OnFailure lets TensorFlow restart a crashed task in place.
  replicaSpec(replicas, podSpec):: {
    replicas: replicas,
    restartPolicy: 'OnFailure',
    template: { spec: podSpec },
  },

  // The training operator only accepts a TFJob whose replicas each run a container named
  // `tensorflow`; it adds the tfjob-port (2222) to that container and injects TF_CONFIG.
  container(image, args, gpus):: {
    name: 'tensorflow',
    image: image,
    [if std.length(args) > 0 then 'args']: args,
    [if gpus > 0 then 'resources']: { limits: { 'nvidia.com/gpu': gpus } },
  },

  pullSecrets(names):: if std.length(names) > 0 then { imagePullSecrets: [{ name: n } for n in names] } else {},

  tfJob(name, namespace, replicaSpecs):: {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name: name, namespace: namespace },
    spec: {
      // Parameter servers never exit on their own: once the job has finished, delete the pods
      // that are still running (the PS) and keep the completed ones for their logs.
      runPolicy: { cleanPodPolicy: 'Running' },
      tfReplicaSpecs: replicaSpecs,
    },
  },

  // params: name, namespace, args, image, image_gpu, image_pull_secrets, num_masters,
  // num_workers, num_ps, num_gpus (see prototypes/tf-job.jsonnet for their meaning).
  render(params, envNamespace)::
    local proto = 'tf-job';
    local name = util.requireString(proto, 'name', params.name);
    local image = util.requireString(proto, 'image', params.image);
    local gpuImage = if util.isSet(std.get(params, 'image_gpu')) then params.image_gpu else image;
    local args = util.toList(proto, 'args', std.get(params, 'args'));
    local secrets = util.toList(proto, 'image_pull_secrets', std.get(params, 'image_pull_secrets'));
    local masters = util.toCount(proto, 'num_masters', std.get(params, 'num_masters', 1), 0);
    local workers = util.toCount(proto, 'num_workers', std.get(params, 'num_workers', 0), 0);
    local ps = util.toCount(proto, 'num_ps', std.get(params, 'num_ps', 0), 0);
    local gpus = util.toCount(proto, 'num_gpus', std.get(params, 'num_gpus', 0), 0);
    local pod(image, gpus) = { containers: [$.container(image, args, gpus)] } + $.pullSecrets(secrets);
    if masters > 1 then util.fail(proto, 'parameter num_masters must be 0 or 1 (a TFJob has at most one Chief), got %d' % masters)
    else if masters + workers < 1 then util.fail(proto, 'the job needs a chief or a worker: set num_masters to 1 or num_workers to at least 1')
    else $.tfJob(name, util.namespace(params, envNamespace), {
      [if masters > 0 then 'Chief']: $.replicaSpec(masters, pod(image, 0)),
      [if workers > 0 then 'Worker']: $.replicaSpec(workers, pod(if gpus > 0 then gpuImage else image, gpus)),
      [if ps > 0 then 'PS']: $.replicaSpec(ps, pod(image, 0)),
    }),
}
