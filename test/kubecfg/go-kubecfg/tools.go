// kubecfg's own command, the peer test/kubecfg compares kf with (kubecfg show); built from this
// module by test/helpers/go-binary.ts, with the dependency versions kubecfg v0.34.3's go.mod names.

//go:build tools

package main

import _ "github.com/kubecfg/kubecfg"
