// jsonnet-bundler's jb (github.com/jsonnet-bundler/jsonnet-bundler, what Tanka projects vendor their
// Jsonnet libraries with), which test/registry/jsonnet-bundler.test.ts runs beside `kf jb install`;
// test/helpers/go-binary.ts builds it into ${XDG_CACHE_HOME:-~/.cache}/kf/jb-<hash>.

//go:build tools

package tools

import _ "github.com/jsonnet-bundler/jsonnet-bundler/cmd/jb"
