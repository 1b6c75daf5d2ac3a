// The OCI registry (github.com/distribution/distribution/v3, the registry Docker Hub and GitLab run)
// that test/registry/oci-charts.test.ts pushes charts to with helm and vendors them from with kf;
// test/helpers/go-binary.ts builds it into ${XDG_CACHE_HOME:-~/.cache}/kf/oci-registry-<hash>.

//go:build tools

package tools

import _ "github.com/distribution/distribution/v3/cmd/registry"
