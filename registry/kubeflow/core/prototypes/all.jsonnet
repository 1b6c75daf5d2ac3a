// @apiVersion 0.1
// @name io.ksonnet.pkg.kubeflow-core
// @description Kubeflow core components: JupyterHub (StatefulSet tf-hub with a
//   configurable-http-proxy sidecar, Services tf-hub-0 and tf-hub-lb, KubeSpawner with a form for
//   image, CPU, memory and GPU limits), the TFJob CustomResourceDefinition (kubeflow.org/v1) and the
//   Kubeflow training operator that runs TFJobs, with their service accounts and RBAC. Reach the hub
//   with kubectl port-forward svc/tf-hub-lb 8080:80 (or set jupyterHubServiceType).
// @shortDescription JupyterHub, the TFJob CRD and the training operator.
// @param name string Name of the component (label app.kubernetes.io/instance of every object).
// @optionalParam namespace string null Namespace of every object; null means the environment's namespace.
// @optionalParam cloud string null Where the cluster runs: gke, aks, aws, minikube or null; passed to the hub as CLOUD_NAME.
// @optionalParam jupyterHubImage string quay.io/jupyterhub/k8s-hub:4.4.0 JupyterHub image (JupyterHub 5 with KubeSpawner 7).
// @optionalParam jupyterHubProxyImage string quay.io/jupyterhub/configurable-http-proxy:5.2.0 configurable-http-proxy image of the hub's proxy sidecar.
// @optionalParam jupyterHubServiceType string ClusterIP Type of the Service tf-hub-lb: ClusterIP, NodePort or LoadBalancer.
// @optionalParam jupyterHubAuthenticator string null How users log in: null or dummy (any name and password, for trying out) or iap (the e-mail from Google Cloud IAP's header).
// @optionalParam jupyterNotebookImage string quay.io/jupyter/tensorflow-notebook:2026-07-28 Default notebook image offered by the spawner form.
// @optionalParam jupyterNotebookGpuImage string quay.io/jupyter/tensorflow-notebook:cuda-2026-07-28 GPU notebook image offered by the spawner form.
// @optionalParam jupyterNotebookPVCMount string null Where each user's 10Gi volume (PVC claim-<user>) is mounted in notebooks, e.g. /home/jovyan; null means no volumes.
// @optionalParam tfJobImage string kubeflow/training-operator:v1-04f9f13 Training operator image: Kubeflow training operator v1.8.1, the version kf's tests run (built from source by the test harness).
// @optionalParam tfJobWebhookFailurePolicy string Ignore What the API server does when the operator's TFJob webhook cannot be reached: Ignore (the CRD schema still validates) or Fail.
// @optionalParam reportUsage boolean false Send anonymous usage reports (spartakus) to Kubeflow.
// @optionalParam usageId string unknown_cluster Cluster id in usage reports, e.g. the output of uuidgen.
// @optionalParam usageReporterImage string registry.k8s.io/spartakus-amd64:v1.1.0 Usage reporter image.

local core = import 'kubeflow/core/core.libsonnet';

core.render({
  name: import 'param://name',
  namespace: import 'param://namespace',
  cloud: import 'param://cloud',
  jupyterHubImage: import 'param://jupyterHubImage',
  jupyterHubProxyImage: import 'param://jupyterHubProxyImage',
  jupyterHubServiceType: import 'param://jupyterHubServiceType',
  jupyterHubAuthenticator: import 'param://jupyterHubAuthenticator',
  jupyterNotebookImage: import 'param://jupyterNotebookImage',
  jupyterNotebookGpuImage: import 'param://jupyterNotebookGpuImage',
  jupyterNotebookPVCMount: import 'param://jupyterNotebookPVCMount',
  tfJobImage: import 'param://tfJobImage',
  tfJobWebhookFailurePolicy: import 'param://tfJobWebhookFailurePolicy',
  reportUsage: import 'param://reportUsage',
  usageId: import 'param://usageId',
  usageReporterImage: import 'param://usageReporterImage',
}, import 'env://namespace')
