#!/usr/bin/env bash
# Regenerates test/cluster/go/go.mod + go.sum for one Kubernetes release.
# Usage: test/cluster/gen-gomod.sh v1.37.2   (KWOK_VERSION=v0.8.0 by default)
#
# k8s.io/kubernetes requires its staging modules at the non-existent v0.0.0 and maps
# them to ./staging/src/... with replace directives, which Go ignores in dependencies.
# We derive the list of staging modules from that release's own go.mod and replace
# each one with its published tag v0.<minor>.<patch>; then we add etcd's server module
# at the exact version Kubernetes requires, so MVS cannot move shared dependencies.
set -euo pipefail

K8S_VERSION="${1:?usage: gen-gomod.sh v1.X.Y}"
STAGING_VERSION="v0.${K8S_VERSION#v1.}"
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/go"
mkdir -p "$DIR"
cd "$DIR"
rm -f go.mod go.sum

export GOFLAGS=-mod=mod
go mod init kf.local/test-cluster-tools >/dev/null 2>&1

K8S_GOMOD="$(go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
[ -f "$K8S_GOMOD" ] || { echo "cannot find go.mod of k8s.io/kubernetes@${K8S_VERSION}" >&2; exit 1; }

# Every "k8s.io/X => ./staging/src/k8s.io/X" replace of the release.
STAGING="$(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/src/.*#\1#p' "$K8S_GOMOD" | sort -u)"
[ -n "$STAGING" ] || { echo "no staging replaces found in $K8S_GOMOD" >&2; exit 1; }
for m in $STAGING; do
  go mod edit "-replace=${m}=${m}@${STAGING_VERSION}"
done
echo "replaced $(echo "$STAGING" | wc -l) staging modules with ${STAGING_VERSION}" >&2

# The etcd server version this release requires (falls back to client/v3's version).
ETCD_VERSION="$(awk '$1=="go.etcd.io/etcd/server/v3"{print $2; exit}' "$K8S_GOMOD")"
[ -n "$ETCD_VERSION" ] || ETCD_VERSION="$(awk '$1=="go.etcd.io/etcd/client/v3"{print $2; exit}' "$K8S_GOMOD")"
[ -n "$ETCD_VERSION" ] || { echo "cannot find the etcd version in $K8S_GOMOD" >&2; exit 1; }
echo "etcd ${ETCD_VERSION}" >&2

go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@${K8S_VERSION}"
go get -tool "go.etcd.io/etcd/server/v3@${ETCD_VERSION}"
# What build-workloads.sh builds from this module: the controller manager and scheduler of the
# same release, and kwok (simulated nodes); kwok must not move the Kubernetes modules.
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"
go get -tool "k8s.io/kubernetes/cmd/kube-controller-manager@${K8S_VERSION}" \
  "k8s.io/kubernetes/cmd/kube-scheduler@${K8S_VERSION}" "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"

# Declare the same minimum Go as the Kubernetes release (not the local patch release).
K8S_GO="$(awk '$1=="go"{print $2; exit}' "$K8S_GOMOD")"
go mod edit "-go=${K8S_GO}" -toolchain=none

# The tools must still be at exactly the requested versions (MVS must not have moved them).
got_k8s="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)"
got_etcd="$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
[ "$got_k8s" = "$K8S_VERSION" ] || { echo "k8s.io/kubernetes resolved to $got_k8s, wanted $K8S_VERSION" >&2; exit 1; }
[ "$got_etcd" = "$ETCD_VERSION" ] || { echo "etcd server resolved to $got_etcd, wanted $ETCD_VERSION" >&2; exit 1; }
echo "go.mod ready: kubernetes ${K8S_VERSION}, etcd ${ETCD_VERSION}" >&2
