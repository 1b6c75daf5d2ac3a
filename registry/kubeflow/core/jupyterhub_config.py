# JupyterHub for Kubeflow (kubeflow/core): KubeSpawner with a form for image, CPU, memory and extra
# resource limits (e.g. GPUs). Settings come from the hub container's environment (KF_*), which
# the kubeflow-core prototype fills from its parameters.
import json
import os
from html import escape

from jupyterhub.auth import Authenticator
from kubespawner import KubeSpawner
from traitlets import default

env = os.environ

# The configurable-http-proxy runs as a sidecar in this pod; both share a token generated at
# pod start (see the init container).
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:8001"
with open(env["KF_PROXY_TOKEN_FILE"]) as token_file:
    c.ConfigurableHTTPProxy.auth_token = token_file.read().strip()

c.JupyterHub.hub_ip = "0.0.0.0"
c.JupyterHub.hub_port = 8081
# Notebook servers reach the hub API through the headless Service tf-hub-0.
c.JupyterHub.hub_connect_ip = env["KF_HUB_SERVICE"]
c.JupyterHub.cleanup_servers = False
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"

IMAGES = [env["KF_NOTEBOOK_IMAGE"], env["KF_NOTEBOOK_GPU_IMAGE"]]
FORM = """
<label for="image">Image</label>
<input list="kf-images" name="image" id="image" value="{image}" class="form-control">
<datalist id="kf-images">{options}</datalist>
<label for="cpu">CPU (guaranteed)</label>
<input name="cpu" id="cpu" value="0.5" class="form-control">
<label for="memory">Memory (guaranteed, e.g. 1Gi)</label>
<input name="memory" id="memory" value="1Gi" class="form-control">
<label for="extra_resource_limits">Extra resource limits (JSON)</label>
<input name="extra_resource_limits" id="extra_resource_limits" value=""
       placeholder='{{"nvidia.com/gpu": "1"}}' class="form-control">
""".format(
    image=escape(IMAGES[0]),
    options="".join('<option value="%s">' % escape(i) for i in IMAGES),
)


def _bytes(value):
    # JupyterHub byte values use K/M/G/T; accept Kubernetes' Ki/Mi/Gi/Ti as well.
    return value[:-1] if value.endswith("i") else value


class KubeFormSpawner(KubeSpawner):
    """KubeSpawner whose form picks the image, CPU and memory, and extra limits such as GPUs."""

    @default("options_form")
    def _kf_options_form(self):
        return FORM

    @default("options_from_form")
    def _kf_options_from_form_default(self):
        return self._kf_options_from_form

    def _kf_options_from_form(self, formdata):
        def field(key):
            return (formdata.get(key) or [""])[0].strip()

        options = {"image": field("image") or IMAGES[0]}
        if field("cpu"):
            options["cpu"] = float(field("cpu"))
        if field("memory"):
            options["memory"] = _bytes(field("memory"))
        if field("extra_resource_limits"):
            limits = json.loads(field("extra_resource_limits"))
            if not isinstance(limits, dict):
                raise ValueError("extra resource limits must be a JSON object")
            options["extra_resource_limits"] = {k: str(v) for k, v in limits.items()}
        return options

    async def load_user_options(self):
        options = self.user_options or {}
        self.image = options.get("image", IMAGES[0])
        if "cpu" in options:
            self.cpu_guarantee = options["cpu"]
        if "memory" in options:
            self.mem_guarantee = options["memory"]
        if "extra_resource_limits" in options:
            self.extra_resource_limits = options["extra_resource_limits"]


c.JupyterHub.spawner_class = KubeFormSpawner
c.KubeSpawner.namespace = env["POD_NAMESPACE"]
c.KubeSpawner.image = IMAGES[0]
# GPU images are large: allow 30 minutes for the first pull and 5 for the server to answer.
c.KubeSpawner.start_timeout = 1800
c.KubeSpawner.http_timeout = 300
c.KubeSpawner.uid = 1000
c.KubeSpawner.fs_gid = 100
c.KubeSpawner.working_dir = "/home/jovyan"

pvc_mount = env.get("NOTEBOOK_PVC_MOUNT", "")
if pvc_mount:
    c.KubeSpawner.storage_pvc_ensure = True
    c.KubeSpawner.pvc_name_template = "claim-{username}{servername}"
    c.KubeSpawner.storage_capacity = "10Gi"
    c.KubeSpawner.storage_access_modes = ["ReadWriteOnce"]
    c.KubeSpawner.volumes = [
        {"name": "volume-{username}{servername}", "persistentVolumeClaim": {"claimName": "claim-{username}{servername}"}}
    ]
    c.KubeSpawner.volume_mounts = [{"name": "volume-{username}{servername}", "mountPath": pvc_mount}]


class IAPAuthenticator(Authenticator):
    """Trusts the user e-mail that Google Cloud IAP puts in a request header.

    Only safe when every request reaches the hub through IAP (e.g. an IAP-protected load balancer).
    """

    auto_login = True
    header_name = "x-goog-authenticated-user-email"

    async def authenticate(self, handler, data=None):
        value = handler.request.headers.get(self.header_name, "")
        # IAP sends "accounts.google.com:<email>".
        return value.split(":", 1)[-1] or None


if env.get("KF_AUTHENTICATOR") == "iap":
    c.JupyterHub.authenticator_class = IAPAuthenticator
else:
    # Any user name, any password: for trying Kubeflow out, never for a shared cluster.
    c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
c.Authenticator.allow_all = True
