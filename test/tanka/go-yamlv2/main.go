// yamlv2-oracle writes what Grafana Tanka v0.38 writes for every manifest (`tk show`, `tk export`:
// pkg/kubernetes/manifest/manifest.go), for test/jsonnet/goyaml-v2-marshal.test.ts: it reads a JSON
// array of JSON texts on stdin, json.Unmarshal's each into interface{} (maps as
// map[string]interface{}, numbers as float64) and writes a JSON array of results, one per text, in
// the same order: {"out":"<gopkg.in/yaml.v2 Marshal of it>"} or {"error":"<message>"}.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"gopkg.in/yaml.v2"
)

type result struct {
	Out   *string `json:"out,omitempty"`
	Error *string `json:"error,omitempty"`
}

func marshal(data string) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	var input interface{}
	if err := json.Unmarshal([]byte(data), &input); err != nil {
		return "", err
	}
	output, err := yaml.Marshal(input)
	return string(output), err
}

func main() {
	var texts []string
	if err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
		fmt.Fprintln(os.Stderr, "yamlv2-oracle: reading cases:", err)
		os.Exit(2)
	}
	results := make([]result, len(texts))
	for i, text := range texts {
		out, err := marshal(text)
		if err != nil {
			msg := err.Error()
			results[i].Error = &msg
		} else {
			results[i].Out = &out
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "yamlv2-oracle: writing results:", err)
		os.Exit(2)
	}
}
