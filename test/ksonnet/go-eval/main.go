// ksonnet-eval: evaluates a batch of Jsonnet jobs with go-jsonnet v0.22.0 the way ksonnet 0.13
// set up its VM (library paths, ext code, ksonnet's native functions), in one process. Used by
// test/ksonnet to compare kf's rendering of real ksonnet apps and prototypes with go-jsonnet's.
//
// stdin: a JSON array of jobs {id, file, jpath[], extCode{}, extStr{}}
// stdout: a JSON array of results {id, value?, error?} in the same order.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"

	"github.com/google/go-jsonnet"
	"github.com/google/go-jsonnet/ast"
)

type job struct {
	ID      string            `json:"id"`
	File    string            `json:"file"`
	Snippet *string           `json:"snippet,omitempty"`
	JPath   []string          `json:"jpath"`
	ExtCode map[string]string `json:"extCode"`
	ExtStr  map[string]string `json:"extStr"`
}

type result struct {
	ID    string          `json:"id"`
	Value json.RawMessage `json:"value,omitempty"`
	Error string          `json:"error,omitempty"`
}

// ksonnet 0.13 pkg/util/jsonnet/vm.go registerNativeFuncs (parseYaml is left out: no artifact uses it).
func natives(vm *jsonnet.VM) {
	vm.NativeFunction(&jsonnet.NativeFunction{Name: "parseJson", Params: ast.Identifiers{"json"},
		Func: func(a []interface{}) (interface{}, error) {
			var v interface{}
			err := json.Unmarshal([]byte(a[0].(string)), &v)
			return v, err
		}})
	vm.NativeFunction(&jsonnet.NativeFunction{Name: "escapeStringRegex", Params: ast.Identifiers{"str"},
		Func: func(a []interface{}) (interface{}, error) { return regexp.QuoteMeta(a[0].(string)), nil }})
	vm.NativeFunction(&jsonnet.NativeFunction{Name: "regexMatch", Params: ast.Identifiers{"regex", "string"},
		Func: func(a []interface{}) (interface{}, error) { return regexp.MatchString(a[0].(string), a[1].(string)) }})
	vm.NativeFunction(&jsonnet.NativeFunction{Name: "regexSubst", Params: ast.Identifiers{"regex", "src", "repl"},
		Func: func(a []interface{}) (interface{}, error) {
			r, err := regexp.Compile(a[0].(string))
			if err != nil {
				return "", err
			}
			return r.ReplaceAllString(a[1].(string), a[2].(string)), nil
		}})
}

func run(j job) (out result) {
	out.ID = j.ID
	defer func() {
		if r := recover(); r != nil {
			out.Value = nil
			out.Error = fmt.Sprintf("panic: %v", r)
		}
	}()
	vm := jsonnet.MakeVM()
	vm.Importer(&jsonnet.FileImporter{JPaths: j.JPath})
	for k, v := range j.ExtCode {
		vm.ExtCode(k, v)
	}
	for k, v := range j.ExtStr {
		vm.ExtVar(k, v)
	}
	natives(vm)
	var text string
	var err error
	if j.Snippet != nil {
		text, err = vm.EvaluateAnonymousSnippet(j.File, *j.Snippet)
	} else {
		text, err = vm.EvaluateFile(j.File)
	}
	if err != nil {
		out.Error = err.Error()
		return
	}
	out.Value = json.RawMessage(text)
	return
}

func main() {
	var jobs []job
	if err := json.NewDecoder(os.Stdin).Decode(&jobs); err != nil {
		fmt.Fprintln(os.Stderr, "ksonnet-eval: bad input:", err)
		os.Exit(2)
	}
	results := make([]result, 0, len(jobs))
	for _, j := range jobs {
		results = append(results, run(j))
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "ksonnet-eval:", err)
		os.Exit(1)
	}
}
