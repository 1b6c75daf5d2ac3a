# Runs tf_cnn_benchmarks as one task of a distributed TFJob. The training operator describes the
# cluster in TF_CONFIG, which tf_cnn_benchmarks does not read, so this turns it into the
# benchmark's --job_name/--task_index/--ps_hosts/--worker_hosts flags, then exits with the
# benchmark's own exit code (the 2017 launcher slept forever, so the job never succeeded).
import json
import os
import subprocess
import sys

config = json.loads(os.environ.get("TF_CONFIG") or "{}")
cluster = config.get("cluster", {})
task = config.get("task", {})
flags = list(sys.argv[1:])
if cluster:
    flags += [
        "--job_name=" + task["type"],
        "--task_index=" + str(task["index"]),
        "--ps_hosts=" + ",".join(cluster.get("ps", [])),
        "--worker_hosts=" + ",".join(cluster.get("worker", [])),
    ]
print("tf_cnn_benchmarks " + " ".join(flags), flush=True)
sys.exit(subprocess.call([sys.executable, "-u", "tf_cnn_benchmarks.py"] + flags))
