# Init container of the tf-cnn job: downloads a tensorflow/benchmarks source archive (argv[1]) and
# unpacks its scripts/ folder into argv[2], so a stock TensorFlow image can run tf_cnn_benchmarks.
import io
import sys
import tarfile
import urllib.request

url, dest = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(url, timeout=300) as response:
    data = response.read()
with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
    members = []
    for member in archive.getmembers():
        parts = member.name.split("/", 1)
        if len(parts) != 2 or not parts[1].startswith("scripts/"):
            continue
        if member.issym() or member.islnk() or ".." in parts[1].split("/"):
            continue
        member.name = parts[1]
        members.append(member)
    if not members:
        sys.exit("no scripts/ folder in " + url)
    # The "data" filter (Python 3.12+, backported to security releases) refuses unsafe members.
    safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    archive.extractall(dest, members=members, **safe)
print("unpacked %d files from %s into %s" % (len(members), url, dest), flush=True)
