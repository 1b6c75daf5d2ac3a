#!/usr/bin/env bash
# Assembles the real ksonnet artifacts test/ksonnet compares kf with, from the bare git mirrors in
# /work/.mirror (brought there by the `fetch` tool), into a folder outside the repo:
#   ${KF_KSONNET_ARTIFACTS:-${XDG_CACHE_HOME:-~/.cache}/kf/ksonnet-artifacts}/
#     registries/<name>/          a registry folder (registry.yaml + packages) at a pinned commit
#     ksonnet-lib/<k8sVersion>/   k.libsonnet + k8s.libsonnet as ksonnet generated them (committed in kubeflow/kubeflow)
#     apps/<name>/                a ksonnet app from kubeflow/examples, unchanged; ksonnet-lib supplied
#                                 in lib/ksonnet-lib/<k8sVersion>/ where the app git-ignored it (as `ks` would)
#     manifest.json               what was assembled from which commit
# Nothing third-party is copied into the repo. Re-running is cheap: a complete folder is kept.
set -euo pipefail

MIRROR=${KF_MIRROR:-/work/.mirror}
OUT=${KF_KSONNET_ARTIFACTS:-${XDG_CACHE_HOME:-$HOME/.cache}/kf/ksonnet-artifacts}
STAMP="$OUT/.complete-v1"

KUBEFLOW="$MIRROR/kubeflow+kubeflow/repo"
EXAMPLES="$MIRROR/kubeflow+examples/repo"
PARTS="$MIRROR/ksonnet+parts/repo"
# Pinned commits (tags resolve to these in kubeflow/kubeflow).
KUBEFLOW_TAGS="v0.1.2 v0.2.5 v0.4.1"
PARTS_COMMIT=2a6bd08597dde82a3d7eb7084585b3383ba6efe0      # ksonnet/parts master, last commit
EXAMPLES_COMMIT=4a9165b7efd025ff8b48c08bf2946bc2a257bce7   # kubeflow/examples master
LIB_COMMIT=v0.4.1                                          # kubeflow/kubeflow releasing/releaser/lib
EXAMPLE_APPS="code_search/demo/cs-demo-1103/ks_app code_search/ks-web-app code_search/kubeflow demos/yelp_demo/ks_app github_issue_summarization/demo/gh-app github_issue_summarization/demo/gh-demo-1003/ks_app github_issue_summarization/ks_app test/workflows xgboost_ames_housing/ks_app"

if [ -f "$STAMP" ]; then
  echo "ksonnet artifacts: $OUT (already assembled)"
  exit 0
fi

gitdir() { if [ -d "$1/.git" ]; then echo "$1/.git"; else echo "$1"; fi; }
for repo in "$KUBEFLOW" "$EXAMPLES" "$PARTS"; do
  if [ ! -e "$repo" ]; then
    echo "ksonnet artifacts: MISSING mirror $repo (bring it with the fetch tool: github:kubeflow/kubeflow, github:kubeflow/examples, github:ksonnet/parts)" >&2
    exit 3
  fi
done
KUBEFLOW=$(gitdir "$KUBEFLOW"); EXAMPLES=$(gitdir "$EXAMPLES"); PARTS=$(gitdir "$PARTS")

TMP="$OUT.tmp.$$"
rm -rf "$TMP"
mkdir -p "$TMP/registries" "$TMP/ksonnet-lib" "$TMP/apps"
trap 'rm -rf "$TMP"' EXIT

# extract <git-dir> <commit> <path-in-repo> <target-dir>: the folder's files, without the prefix.
extract() {
  mkdir -p "$4"
  git --git-dir="$1" archive --format=tar "$2:$3" >"$TMP/archive.tar"
  tar -x -C "$4" -f "$TMP/archive.tar"
  rm -f "$TMP/archive.tar"
}

manifest="{"
for tag in $KUBEFLOW_TAGS; do
  sha=$(git --git-dir="$KUBEFLOW" rev-parse "$tag^{commit}")
  extract "$KUBEFLOW" "$sha" kubeflow "$TMP/registries/kubeflow-$tag"
  manifest+="\"registries/kubeflow-$tag\": \"kubeflow/kubeflow@$sha:kubeflow\", "
done
extract "$PARTS" "$PARTS_COMMIT" incubator "$TMP/registries/parts-incubator"
manifest+="\"registries/parts-incubator\": \"ksonnet/parts@$PARTS_COMMIT:incubator\", "

lib_sha=$(git --git-dir="$KUBEFLOW" rev-parse "$LIB_COMMIT^{commit}")
for version in v1.7.0 v1.9.7; do
  mkdir -p "$TMP/ksonnet-lib/$version"
  for file in k.libsonnet k8s.libsonnet; do
    git --git-dir="$KUBEFLOW" show "$lib_sha:releasing/releaser/lib/$version/$file" >"$TMP/ksonnet-lib/$version/$file"
  done
  manifest+="\"ksonnet-lib/$version\": \"kubeflow/kubeflow@$lib_sha:releasing/releaser/lib/$version\", "
done

for app in $EXAMPLE_APPS; do
  name=$(tr '/' '_' <<<"$app")
  target="$TMP/apps/$name"
  extract "$EXAMPLES" "$EXAMPLES_COMMIT" "$app" "$target"
  # ksonnet-lib per environment k8sVersion, unless the app ships it (ks regenerated it from the
  # cluster's swagger; the generated v1.9.7 library stands in for every 1.8–1.11 version here).
  supplied=""
  for version in $(grep -E '^\s+k8sVersion:' "$target/app.yaml" | awk '{print $2}' | tr -d '"' | sort -u); do
    if [ ! -f "$target/lib/ksonnet-lib/$version/k.libsonnet" ] && [ ! -f "$target/lib/$version/k.libsonnet" ]; then
      mkdir -p "$target/lib/ksonnet-lib/$version"
      cp "$TMP/ksonnet-lib/v1.9.7/"*.libsonnet "$target/lib/ksonnet-lib/$version/"
      supplied+="$version "
    fi
  done
  manifest+="\"apps/$name\": \"kubeflow/examples@$EXAMPLES_COMMIT:$app${supplied:+ (ksonnet-lib v1.9.7 supplied as ${supplied% })}\", "
done
manifest="${manifest%, }}"
echo "$manifest" >"$TMP/manifest.json"
touch "$TMP/.complete-v1"

rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
mv "$TMP" "$OUT"
trap - EXIT
echo "ksonnet artifacts: assembled into $OUT"
