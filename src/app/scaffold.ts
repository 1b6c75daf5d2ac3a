// The files `kf init` and `kf env add` create. Their shapes follow ksonnet's so ksonnet apps and
// habits carry over; params-file.ts knows how to edit the params files in place.
import { APP_API_VERSION, newAppId } from './app-file.js';
import { stringify } from 'yaml';
import type { EnvironmentSpec } from './app-file.js';

export const GITIGNORE = `# kf local state: current environment, registry cache
/.kf/
`;

export const COMPONENT_PARAMS = `{
  // Global parameters: they override the same key in every component (ksonnet precedence).
  global: {
    // replicas: 4,
  },
  // Component parameters, one entry per component in this directory.
  // 'kf generate' adds entries and 'kf param set <component> <key> <value>' edits them in place.
  components: {
  },
}
`;

export const ENVIRONMENTS_BASE = `// Shared by every environment's main.jsonnet: the rendered components as an object keyed by
// component name. Overrides common to all environments go in the object below.
local components = std.extVar('__ksonnet/components');
components {
}
`;

export function environmentMain(envName: string): string {
  return `// Environment '${envName}': the base components plus patches of whole rendered objects, e.g.
//   'my-component'+: { metadata+: { labels+: { tier: 'gpu' } } },
local base = import 'base.libsonnet';
base {
}
`;
}

export function environmentParams(envName: string): string {
  return `// Parameter overrides for environment '${envName}'.
// 'kf param set --env ${envName} <component> <key> <value>' edits this file in place.
local params = std.extVar('__ksonnet/params');
local globals = import 'globals.libsonnet';
local envParams = params {
  components+: {
    // 'my-component'+: { replicas: 3 },
  },
};

{
  components: {
    [name]: envParams.components[name] + globals
    for name in std.objectFields(envParams.components)
  },
}
`;
}

export const ENVIRONMENT_GLOBALS = `// Parameters applied to every component in this environment; they override everything else.
// 'kf param set --env <env> <key> <value>' edits this file in place.
{
}
`;

export function appYaml(name: string, envName: string, env: EnvironmentSpec): string {
  const header = `# kf app (its format: docs/app-format.md in kf's package). 'kf env', 'kf registry' and 'kf pkg' edit this file in place.\n`;
  return (
    header +
    stringify(
      {
        apiVersion: APP_API_VERSION,
        kind: 'App',
        name,
        id: newAppId(),
        environments: { [envName]: env },
        registries: {},
        libraries: {},
      },
      { lineWidth: 0 },
    )
  );
}

/** The files of one environment, relative to its directory. */
export function environmentFiles(envName: string): Record<string, string> {
  return {
    'main.jsonnet': environmentMain(envName),
    'params.libsonnet': environmentParams(envName),
    'globals.libsonnet': ENVIRONMENT_GLOBALS,
  };
}
