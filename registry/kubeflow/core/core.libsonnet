// kubeflow-core: JupyterHub, the TFJob CRD and the training operator (and, when asked, the usage
// reporter), from the prototype's parameters.
local jupyterhub = import 'jupyterhub.libsonnet';
local tfjobCrd = import 'tfjob-crd.libsonnet';
local operator = import 'training-operator.libsonnet';
local usage = import 'usage-reporter.libsonnet';
local util = import 'util.libsonnet';

{
  clouds:: [null, 'gke', 'aks', 'aws', 'minikube'],

  // params: see prototypes/all.jsonnet for each field.
  config(params, envNamespace):: {
    local proto = 'kubeflow-core',
    local optional(key) = if util.isSet(std.get(params, key)) then params[key] else null,
    name: util.requireString(proto, 'name', params.name),
    namespace: util.namespace(params, envNamespace),
    cloud: util.oneOf(proto, 'cloud', optional('cloud'), $.clouds),
    hubImage: util.requireString(proto, 'jupyterHubImage', params.jupyterHubImage),
    proxyImage: util.requireString(proto, 'jupyterHubProxyImage', params.jupyterHubProxyImage),
    hubServiceType: util.oneOf(proto, 'jupyterHubServiceType', params.jupyterHubServiceType, ['ClusterIP', 'NodePort', 'LoadBalancer']),
    authenticator: util.oneOf(proto, 'jupyterHubAuthenticator', if optional('jupyterHubAuthenticator') == null then 'dummy' else params.jupyterHubAuthenticator, ['dummy', 'iap']),
    notebookImage: util.requireString(proto, 'jupyterNotebookImage', params.jupyterNotebookImage),
    notebookGpuImage: util.requireString(proto, 'jupyterNotebookGpuImage', params.jupyterNotebookGpuImage),
    notebookPvcMount: optional('jupyterNotebookPVCMount'),
    operatorImage: util.requireString(proto, 'tfJobImage', params.tfJobImage),
    webhookFailurePolicy: util.oneOf(proto, 'tfJobWebhookFailurePolicy', params.tfJobWebhookFailurePolicy, ['Ignore', 'Fail']),
    reportUsage: util.toBool(proto, 'reportUsage', params.reportUsage),
    usageId: util.requireString(proto, 'usageId', params.usageId),
    usageReporterImage: util.requireString(proto, 'usageReporterImage', params.usageReporterImage),
  },

  objects(c):: [
    object { metadata+: { labels+: { 'app.kubernetes.io/instance': c.name } } }
    for object in jupyterhub.objects(c) + [tfjobCrd.crd] + operator.objects(c) + (if c.reportUsage then usage.objects(c) else [])
  ],

  render(params, envNamespace):: util.list($.objects($.config(params, envNamespace))),
}
