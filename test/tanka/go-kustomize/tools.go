// The kustomize command (sigs.k8s.io/kustomize/kustomize/v5), which Tanka's and kf's
// kustomizeBuild run in the tests; test/tanka/harness.ts builds it into ${XDG_CACHE_HOME:-~/.cache}/kf.

//go:build tools

package tools

import _ "sigs.k8s.io/kustomize/kustomize/v5"
