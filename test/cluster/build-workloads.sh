#!/usr/bin/env bash
# Builds what a test cluster needs to run workloads (`workloads: true`) into
#   ${XDG_CACHE_HOME:-$HOME/.cache}/kf/workloads-<kubernetes version>/
# and prints that folder on stdout (everything else goes to stderr):
# - kube-controller-manager and kube-scheduler, from the same k8s.io/kubernetes release as
#   kube-apiserver (test/cluster/go);
# - kwok (sigs.k8s.io/kwok, simulated nodes and pod lifecycles), in that same module;
# - training-operator, the real Kubeflow training operator, unmodified, in its own module
#   (test/cluster/go-training-operator: it needs its own, older client-go).
# Each binary is moved into place only once it compiled, so a half-finished build is never
# picked up and a build that stopped half-way resumes with the missing binaries only.
# Concurrent callers are serialised with flock.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO_DIR="$HERE/go"
TO_DIR="$HERE/go-training-operator"
version_in() { awk -v m="$2" '$1==m && $2 ~ /^v[0-9]/{print $2; exit}' "$1/go.mod"; }
K8S_VERSION="$(version_in "$GO_DIR" k8s.io/kubernetes)"
KWOK_VERSION="$(version_in "$GO_DIR" sigs.k8s.io/kwok)"
TO_VERSION="$(version_in "$TO_DIR" github.com/kubeflow/training-operator)"
[ -n "$K8S_VERSION" ] && [ -n "$KWOK_VERSION" ] && [ -n "$TO_VERSION" ] ||
  { echo "cannot read versions from $GO_DIR/go.mod and $TO_DIR/go.mod" >&2; exit 1; }

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kf"
OUT="$CACHE_ROOT/workloads-$K8S_VERSION"
BINARIES=(kube-controller-manager kube-scheduler kwok training-operator)
mkdir -p "$CACHE_ROOT"

# The training operator's and kwok's versions are part of what is cached: a binary built at
# another version (go.mod moved) is rebuilt.
STAMP="kubernetes $K8S_VERSION
kwok $KWOK_VERSION
training-operator $TO_VERSION"
have() { [ -x "$OUT/$1" ] && [ -f "$OUT/VERSIONS" ] && [ "$(head -3 "$OUT/VERSIONS")" = "$STAMP" ]; }
have_all() { for b in "${BINARIES[@]}"; do have "$b" || return 1; done; }
if have_all; then echo "$OUT"; exit 0; fi

exec 9>"$CACHE_ROOT/build-workloads-$K8S_VERSION.lock"
if ! flock -n 9; then
  echo "another build of the workload binaries is running; waiting for it" >&2
  flock 9
fi
if have_all; then echo "$OUT"; exit 0; fi

command -v go >/dev/null || { echo "go is not installed; it is needed to build the workload binaries (kube-controller-manager, kube-scheduler, kwok, training-operator)" >&2; exit 1; }

mkdir -p "$OUT"
if [ ! -f "$OUT/VERSIONS" ] || [ "$(head -3 "$OUT/VERSIONS")" != "$STAMP" ]; then
  rm -f "${BINARIES[@]/#/$OUT/}"
  printf '%s\n%s\n' "$STAMP" "$(go version)" > "$OUT/VERSIONS"
fi

MINOR="${K8S_VERSION#v1.}"; MINOR="${MINOR%%.*}"
TMP="$(mktemp -d "$CACHE_ROOT/.build-workloads-XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
# -p bounds parallel compile/link jobs (memory: the kube-controller-manager link peaks at
# ~2.7 GB); override with KF_BUILD_JOBS.
JOBS="${KF_BUILD_JOBS:-2}"
K8S_LDFLAGS="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$MINOR -X k8s.io/component-base/version.gitTreeState=clean"

build() { # name module-dir ldflags package
  have "$1" && return 0
  local start; start=$(date +%s)
  echo "building $1 into $OUT (first run only)" >&2
  (cd "$2" && go build -p "$JOBS" -trimpath -ldflags "$3" -o "$TMP/$1" "$4")
  mv "$TMP/$1" "$OUT/$1"
  echo "$1 built in $(( $(date +%s) - start ))s" >&2
}

build training-operator "$TO_DIR" "-s -w" github.com/kubeflow/training-operator/cmd/training-operator.v1
build kwok "$GO_DIR" "-s -w" sigs.k8s.io/kwok/cmd/kwok
build kube-scheduler "$GO_DIR" "$K8S_LDFLAGS" k8s.io/kubernetes/cmd/kube-scheduler
build kube-controller-manager "$GO_DIR" "$K8S_LDFLAGS" k8s.io/kubernetes/cmd/kube-controller-manager
echo "$OUT"
