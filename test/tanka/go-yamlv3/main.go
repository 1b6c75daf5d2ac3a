// yamlv3-oracle does what Grafana Tanka v0.38's native functions do with gopkg.in/yaml.v3
// (pkg/jsonnet/native/funcs.go), for test/jsonnet/yaml-v3.test.ts: it reads a JSON array of cases
// on stdin and writes a JSON array of results, one per case, in the same order.
//
//	{"op":"marshal","json":"<text>"}  manifestYamlFromJson: json.Unmarshal into interface{}, yaml.Marshal
//	{"op":"parse","yaml":"<text>"}    parseYaml: every document decoded, then json.Marshal + json.Unmarshal
//
// A result is {"out":"<text>"} (for parse, the JSON text of the array of documents) or {"error":"<message>"}.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

type request struct {
	Op   string `json:"op"`
	JSON string `json:"json"`
	YAML string `json:"yaml"`
}

type result struct {
	Out   *string `json:"out,omitempty"`
	Error *string `json:"error,omitempty"`
}

// manifestYAMLFromJSON is Tanka's manifestYamlFromJson.
func manifestYAMLFromJSON(data string) (string, error) {
	var input interface{}
	if err := json.Unmarshal([]byte(data), &input); err != nil {
		return "", err
	}
	output, err := yaml.Marshal(input)
	return string(output), err
}

// parseYAML is Tanka's parseYaml (its errors.Wrap prefixes written out).
func parseYAML(data string) (interface{}, error) {
	ret := []interface{}{}
	d := yaml.NewDecoder(bytes.NewReader([]byte(data)))
	for {
		var doc, jsonDoc interface{}
		if err := d.Decode(&doc); err != nil {
			if err == io.EOF {
				break
			}
			return nil, fmt.Errorf("parsing yaml: %w", err)
		}
		jsonRaw, err := json.Marshal(doc)
		if err != nil {
			return nil, fmt.Errorf("converting yaml to json: %w", err)
		}
		if err := json.Unmarshal(jsonRaw, &jsonDoc); err != nil {
			return nil, fmt.Errorf("converting yaml to json: %w", err)
		}
		ret = append(ret, jsonDoc)
	}
	return ret, nil
}

func run(req request) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	switch req.Op {
	case "marshal":
		return manifestYAMLFromJSON(req.JSON)
	case "parse":
		value, err := parseYAML(req.YAML)
		if err != nil {
			return "", err
		}
		text, err := json.Marshal(value)
		return string(text), err
	}
	return "", errors.New("unknown op " + req.Op)
}

func main() {
	var requests []request
	if err := json.NewDecoder(os.Stdin).Decode(&requests); err != nil {
		fmt.Fprintln(os.Stderr, "yamlv3-oracle: reading cases:", err)
		os.Exit(2)
	}
	results := make([]result, len(requests))
	for i, req := range requests {
		out, err := run(req)
		if err != nil {
			msg := err.Error()
			results[i].Error = &msg
		} else {
			results[i].Out = &out
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "yamlv3-oracle: writing results:", err)
		os.Exit(2)
	}
}
