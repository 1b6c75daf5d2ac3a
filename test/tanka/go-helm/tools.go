// The helm command (helm.sh/helm/v4), which Tanka's and kf's helmTemplate run in the tests;
// test/tanka/harness.ts builds it into ${XDG_CACHE_HOME:-~/.cache}/kf/helm-<hash>.

//go:build tools

package tools

import _ "helm.sh/helm/v4/cmd/helm"
