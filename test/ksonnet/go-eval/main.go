// ksonnet-eval: evaluates a batch of Jsonnet jobs with go-jsonnet v0.22.0 the way ksonnet 0.13
// set up its VM (library paths, ext code, ksonnet's native functions), in one process. Used by
// test/ksonnet to compare kf's rendering of real ksonnet apps and prototypes with go-jsonnet's.
//
// stdin: a JSON array of jobs {id, file, snippet?, jpath[], extCode{}, extCodeFrom{}, extStr{}};
// extCodeFrom binds an ext var to the output of an earlier job (ksonnet's params chain).
// stdout: a JSON array of results {id, value?, error?} in the same order.
// Jobs with the same library path and ext-var names share one VM, so files such as the 3.7 MB
// k8s.libsonnet are parsed once (go-jsonnet keeps parsed files when ext vars change).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/google/go-jsonnet"
	"github.com/google/go-jsonnet/ast"
)

type job struct {
	ID          string            `json:"id"`
	File        string            `json:"file"`
	Snippet     *string           `json:"snippet,omitempty"`
	JPath       []string          `json:"jpath"`
	ExtCode     map[string]string `json:"extCode"`
	ExtCodeFrom map[string]string `json:"extCodeFrom"`
	ExtStr      map[string]string `json:"extStr"`
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

type cachedVM struct {
	vm *jsonnet.VM
	// ext var values currently bound: rebinding an unchanged value would flush go-jsonnet's
	// import cache and re-parse every library (k8s.libsonnet is 3.7 MB) for each job.
	ext map[string]string
}

func (c *cachedVM) bind(key, code string) {
	if prev, ok := c.ext[key]; ok && prev == code {
		return
	}
	c.ext[key] = code
	c.vm.ExtCode(key, code)
}

var vms = map[string]*cachedVM{}

func vmFor(j job) *cachedVM {
	keys := []string{}
	for k := range j.ExtCode {
		keys = append(keys, k)
	}
	for k := range j.ExtCodeFrom {
		keys = append(keys, k)
	}
	for k := range j.ExtStr {
		keys = append(keys, "str:"+k)
	}
	sort.Strings(keys)
	key := strings.Join(j.JPath, "\x00") + "\x01" + strings.Join(keys, "\x00")
	if c, ok := vms[key]; ok {
		return c
	}
	vm := jsonnet.MakeVM()
	vm.Importer(&jsonnet.FileImporter{JPaths: j.JPath})
	natives(vm)
	c := &cachedVM{vm: vm, ext: map[string]string{}}
	vms[key] = c
	return c
}

func run(j job, done map[string]result) (out result) {
	out.ID = j.ID
	defer func() {
		if r := recover(); r != nil {
			out.Value = nil
			out.Error = fmt.Sprintf("panic: %v", r)
		}
	}()
	c := vmFor(j)
	vm := c.vm
	for k, v := range j.ExtCode {
		c.bind(k, v)
	}
	for k, from := range j.ExtCodeFrom {
		prior, ok := done[from]
		if !ok || prior.Error != "" {
			out.Error = fmt.Sprintf("ext var %s: job %s failed", k, from)
			return
		}
		c.bind(k, string(prior.Value))
	}
	for k, v := range j.ExtStr {
		vm.ExtVar(k, v)
	}
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
	done := map[string]result{}
	for _, j := range jobs {
		r := run(j, done)
		done[j.ID] = r
		results = append(results, r)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, "ksonnet-eval:", err)
		os.Exit(1)
	}
}
