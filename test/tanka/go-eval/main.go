// tanka-eval: evaluates a batch of Jsonnet snippets with go-jsonnet and Grafana Tanka v0.38's own
// native functions (pkg/jsonnet/native: parseYaml, manifestYamlFromJson, regexSubst, helmTemplate
// through the helm binary named by TANKA_HELM_PATH, ...), in one process. Used by test/tanka to
// compare kf's natives with Tanka's, byte for byte.
//
// stdin: a JSON array of jobs {id, file, snippet, jpath}; stdout: a JSON array of results {id, value?,
// error?} in the same order. `value` is the snippet's output as go-jsonnet prints it.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/google/go-jsonnet"
	"github.com/grafana/tanka/pkg/jsonnet/native"
	"github.com/rs/zerolog"
)

type job struct {
	ID      string   `json:"id"`
	File    string   `json:"file"`
	Snippet string   `json:"snippet"`
	JPath   []string `json:"jpath"`
}

type result struct {
	ID    string  `json:"id"`
	Value *string `json:"value,omitempty"`
	Error string  `json:"error,omitempty"`
}

func main() {
	var jobs []job
	if err := json.NewDecoder(os.Stdin).Decode(&jobs); err != nil {
		fmt.Fprintln(os.Stderr, "tanka-eval: bad input:", err)
		os.Exit(2)
	}
	zerolog.SetGlobalLevel(zerolog.WarnLevel) // not Tanka's "running helm" debug lines
	vm := jsonnet.MakeVM()
	for _, f := range native.Funcs() {
		vm.NativeFunction(f)
	}
	results := make([]result, 0, len(jobs))
	for _, j := range jobs {
		r := result{ID: j.ID}
		vm.Importer(&jsonnet.FileImporter{JPaths: j.JPath})
		// std.thisFile is j.File (helmTemplate finds charts next to it)
		text, err := vm.EvaluateSnippet(j.File, j.Snippet) //nolint:staticcheck

		if err != nil {
			r.Error = err.Error()
		} else {
			r.Value = &text
		}
		results = append(results, r)
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "tanka-eval:", err)
		os.Exit(1)
	}
}
