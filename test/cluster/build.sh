#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go tools module in test/cluster/go into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/kf/k8s-<kubernetes version>/
# and prints that folder on stdout (everything else goes to stderr).
# - If KUBEBUILDER_ASSETS names a folder holding both binaries, nothing is built and
#   that folder is printed (the envtest convention).
# - If the binaries are already in the cache folder, nothing is built.
# - Concurrent callers are serialised with flock; binaries are moved into place only
#   after both compiled, so a half-finished build is never picked up.
set -euo pipefail

if [ -n "${KUBEBUILDER_ASSETS:-}" ]; then
  if [ -x "$KUBEBUILDER_ASSETS/kube-apiserver" ] && [ -x "$KUBEBUILDER_ASSETS/etcd" ]; then
    echo "using KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS" >&2
    echo "$KUBEBUILDER_ASSETS"
    exit 0
  fi
  echo "KUBEBUILDER_ASSETS=$KUBEBUILDER_ASSETS does not hold executable kube-apiserver and etcd" >&2
  exit 1
fi

GO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/go" && pwd)"
# Versions come from the committed go.mod (plain text, no network).
K8S_VERSION="$(awk '$1=="k8s.io/kubernetes" && $2 ~ /^v[0-9]/{print $2; exit}' "$GO_DIR/go.mod")"
ETCD_VERSION="$(awk '$1=="go.etcd.io/etcd/server/v3" && $2 ~ /^v[0-9]/{print $2; exit}' "$GO_DIR/go.mod")"
[ -n "$K8S_VERSION" ] && [ -n "$ETCD_VERSION" ] || { echo "cannot read versions from $GO_DIR/go.mod" >&2; exit 1; }

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kf"
OUT="$CACHE_ROOT/k8s-$K8S_VERSION"
mkdir -p "$CACHE_ROOT"

have_binaries() { [ -x "$OUT/kube-apiserver" ] && [ -x "$OUT/etcd" ]; }
if have_binaries; then echo "$OUT"; exit 0; fi

exec 9>"$CACHE_ROOT/build-$K8S_VERSION.lock"
if ! flock -n 9; then
  echo "another build of kube-apiserver $K8S_VERSION is running; waiting for it" >&2
  flock 9
fi
if have_binaries; then echo "$OUT"; exit 0; fi

command -v go >/dev/null || { echo "go is not installed; it is needed to build kube-apiserver and etcd (or set KUBEBUILDER_ASSETS)" >&2; exit 1; }

MINOR="${K8S_VERSION#v1.}"; MINOR="${MINOR%%.*}"
TMP="$(mktemp -d "$CACHE_ROOT/.build-XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

export CGO_ENABLED=0 GOFLAGS=-mod=readonly
# -p bounds parallel compile/link jobs (memory); override with KF_BUILD_JOBS.
JOBS="${KF_BUILD_JOBS:-2}"
cd "$GO_DIR"
echo "building kube-apiserver $K8S_VERSION and etcd $ETCD_VERSION into $OUT (first run only; several minutes)" >&2
start=$(date +%s)
go build -p "$JOBS" -trimpath \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR -X k8s.io/component-base/version.gitTreeState=clean" \
  -o "$TMP/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
echo "kube-apiserver built in $(( $(date +%s) - start ))s" >&2
go build -p "$JOBS" -trimpath -ldflags "-s -w" -o "$TMP/etcd" go.etcd.io/etcd/server/v3
echo "etcd built; total $(( $(date +%s) - start ))s" >&2

mkdir -p "$OUT"
printf 'kubernetes %s\netcd %s\n%s\n' "$K8S_VERSION" "$ETCD_VERSION" "$(go version)" > "$TMP/VERSIONS"
mv "$TMP/etcd" "$OUT/etcd"
mv "$TMP/VERSIONS" "$OUT/VERSIONS"
mv "$TMP/kube-apiserver" "$OUT/kube-apiserver"   # last: have_binaries() keys on both
echo "$OUT"
