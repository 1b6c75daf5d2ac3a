// kubecfg's `import 'kubecfg.libsonnet'` (the library kubecfg embeds), written for kf from kubecfg's
// documentation of it: thin wrappers of its natives (kubecfg-natives.ts) and pure-Jsonnet helpers
// for collections of Kubernetes objects. Found after every file, as kubecfg finds its copy after
// its search path: a real kubecfg.libsonnet beside the importing file or on the -J path wins.
import type { BuiltinImport } from '../jsonnet/index.js';

/** The name errors and std.thisFile give the library. */
export const KUBECFG_LIBSONNET = '<internal>/kubecfg.libsonnet';

/**
 * The library as an Engine's fallbackImports. `parseYamlNative`: the native its parseYaml calls
 * (kubecfg's own `parseYaml` unless, as in a kf app, that name is Tanka's parseYaml).
 */
export function kubecfgImport(parseYamlNative = 'parseYaml'): Record<string, BuiltinImport> {
  return { 'kubecfg.libsonnet': { foundAt: KUBECFG_LIBSONNET, content: library(parseYamlNative) } };
}

function library(parseYamlNative: string): string {
  return `// kubecfg.libsonnet as kf provides it (kf's src/app/kubecfg-lib.ts).
local hasField(o, name, hidden) = if hidden then std.objectHasAll(o, name) else std.objectHas(o, name);
{
  // the native functions: kubecfg's parameter names, so named arguments work as with kubecfg
  parseJson:: std.native('parseJson'),
  parseYaml:: std.native('${parseYamlNative}'),
  manifestJson(value, indent=4):: std.native('manifestJson')(value, indent),
  manifestYaml:: std.native('manifestYaml'),
  escapeStringRegex:: std.native('escapeStringRegex'),
  resolveImage:: std.native('resolveImage'),
  regexMatch:: std.native('regexMatch'),
  regexSubst:: std.native('regexSubst'),
  parseHelmChart(chartData, releaseName, namespace, values, capabilities={})::
    std.native('parseHelmChart')(chartData, releaseName, namespace, values, capabilities),
  validateJSONSchema:: std.native('validateJSONSchema'),

  // {a: {b: 1}} as {a+: {b: 1}}: objects are merged into what they overlay, other values replace
  toOverlay(v)::
    if std.isObject(v) then
      local fields = std.objectKeysValues(v);
      { [f.key]+: $.toOverlay(f.value) for f in fields if std.isObject(f.value) }
      + { [f.key]: f.value for f in fields if !std.isObject(f.value) }
    else v,

  isK8sObject(o):: std.isObject(o) && std.objectHas(o, 'apiVersion') && std.objectHas(o, 'kind'),

  local isList(o) = $.isK8sObject(o) && o.apiVersion == 'v1' && o.kind == 'List',
  local notACollection(o) = error ('o must be an object or array of k8s objects, found ' + std.type(o)),

  // func applied to every Kubernetes object of a nest of objects, arrays and v1 Lists, kept in place
  deepMap(func, o)::
    if isList(o) then o { items: [func(item) for item in super.items] }
    else if $.isK8sObject(o) then func(o)
    else if std.isObject(o) then { [k]: $.deepMap(func, o[k]) for k in std.objectFields(o) }
    else if std.isArray(o) then [$.deepMap(func, item) for item in o]
    else if o == null then null
    else notACollection(o),

  // func(accumulator, object) over every Kubernetes object of such a nest, in field order
  fold(func, o, init)::
    if isList(o) then $.fold(func, o.items, init)
    else if $.isK8sObject(o) then func(init, o)
    else if std.isObject(o) then $.fold(func, [o[k] for k in std.objectFields(o)], init)
    else if std.isArray(o) then std.foldl(function(acc, item) $.fold(func, item, acc), o, init)
    else if o == null then init
    else notACollection(o),

  // obj's field at a dotted path ('spec.template.metadata'), or default where a field is missing
  getPath(obj, path, default=null, inc_hidden=true)::
    local walk(o, names) =
      if !hasField(o, names[0], inc_hidden) then default
      else if std.length(names) == 1 then o[names[0]]
      else walk(o[names[0]], names[1:]);
    walk(obj, std.split(path, '.')),

  objectHasPath(obj, path, inc_hidden=false)::
    local walk(o, names) =
      if !hasField(o, names[0], inc_hidden) then false
      else if std.length(names) == 1 then true
      else walk(o[names[0]], names[1:]);
    walk(obj, std.split(path, '.')),

  objectHasPathAll(obj, path):: $.objectHasPath(obj, path, inc_hidden=true),

  // accumulators for fold: objects by 'apiVersion.kind', then namespace ('_' for none), then name
  layouts:: {
    gvkName(accum, o):: accum {
      [o.apiVersion + '.' + o.kind]+: {
        assert !(o.metadata.name in super),
        [o.metadata.name]: o,
      },
    },
    gvkNsName(accum, o):: accum {
      [o.apiVersion + '.' + o.kind]+: {
        [std.get(o.metadata, 'namespace', default='_')]+: {
          assert !(o.metadata.name in super),
          [o.metadata.name]: o,
        },
      },
    },
  },
}
`;
}
