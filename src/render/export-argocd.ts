// Argo CD Config Management Plugin support: which environment and components an Application
// asks for, read from the variables Argo CD sets (plugin env prefixed ARGOCD_ENV_, parameters
// as JSON in ARGOCD_APP_PARAMETERS and as PARAM_<NAME>). Pure: takes the environment variables.
import { UserError } from '../errors.js';

export interface PluginRequest {
  env: string;
  components?: string[];
}

interface AppParameter {
  name?: string;
  string?: string;
  array?: string[];
}

export function pluginRequest(vars: NodeJS.ProcessEnv, givenEnv?: string): PluginRequest {
  const parameters = parseParameters(vars.ARGOCD_APP_PARAMETERS);
  const parameter = (name: string): AppParameter | undefined => parameters.find((p) => p.name === name);
  const env =
    givenEnv ??
    nonEmpty(vars.ARGOCD_ENV_KF_ENV) ??
    nonEmpty(parameter('env')?.string) ??
    nonEmpty(vars.PARAM_ENV);
  if (env === undefined) {
    throw new UserError('no environment given to the Argo CD plugin', {
      hint: 'set KF_ENV in the Application (spec.source.plugin.env) or the "env" plugin parameter',
    });
  }
  const fromEnv = nonEmpty(vars.ARGOCD_ENV_KF_COMPONENTS)
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const fromParameter = parameter('components')?.array?.filter((c) => c !== '');
  const components = fromEnv ?? (fromParameter && fromParameter.length > 0 ? fromParameter : undefined);
  return components ? { env, components } : { env };
}

function parseParameters(text: string | undefined): AppParameter[] {
  if (text === undefined || text.trim() === '') return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as AppParameter[]) : [];
  } catch {
    throw new UserError('ARGOCD_APP_PARAMETERS is not valid JSON', {
      hint: 'check the plugin parameters of the Application',
    });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
