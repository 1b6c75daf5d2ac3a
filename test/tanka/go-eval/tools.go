// Tanka's own command (tk), built from this module too, for the comparisons that run `tk show` on a
// Tanka environment (test/tanka/environments.test.ts); test/helpers/go-binary.ts builds it.

//go:build tools

package main

import _ "github.com/grafana/tanka/cmd/tk"
