// Tanka's helmTemplate native (pkg/helm/jsonnet.go, template.go), which grafana/jsonnet-libs'
// tanka-util calls for `helm.template(name, chart, conf)`: runs `helm template` on a chart vendored
// inside the app, next to the file that called it, and returns the chart's objects keyed by the
// name format. Helm runs without a cluster (client-only, no --validate), so nothing leaves the
// machine; the chart must already hold its dependencies in charts/.
import type { NativeFunction } from '../jsonnet/index.js';
import {
  locateInput,
  parseToolOptions,
  renderWithTool,
  typeOf,
  type ExternalRenderContext,
  type OptionType,
} from './external-render.js';

/** Environment variable naming the helm binary (default: `helm` on PATH). */
export const HELM_PATH_ENV = 'KF_HELM_PATH';

/** Tanka's TemplateOpts plus calledFrom and nameFormat. */
interface TemplateOptions {
  values: unknown;
  apiVersions: string[];
  includeCrds: boolean;
  skipTests: boolean;
  kubeVersion: string;
  namespace: string;
  noHooks: boolean;
  calledFrom: string;
  nameFormat: string;
}

const OPTION_TYPES: Record<keyof TemplateOptions, OptionType> = {
  values: 'any',
  apiVersions: 'strings',
  includeCrds: 'boolean',
  skipTests: 'boolean',
  kubeVersion: 'string',
  namespace: 'string',
  noHooks: 'boolean',
  calledFrom: 'string',
  nameFormat: 'string',
};

const DEFAULTS: TemplateOptions = {
  values: undefined,
  apiVersions: [],
  includeCrds: true, // helm install's default
  skipTests: false,
  kubeVersion: '',
  namespace: '',
  noHooks: false,
  calledFrom: '',
  nameFormat: '',
};

/** helmTemplate(name, chart, opts); one cache of rendered charts per context (an engine's life). */
export function helmTemplateNative(context: ExternalRenderContext): NativeFunction {
  const rendered = new Map<string, Record<string, unknown>>();
  return {
    params: ['name', 'chart', 'opts'],
    fn: (name, chart, opts) => {
      if (typeof name !== 'string')
        throw new Error(`helmTemplate: first argument 'name' must be a string, got ${typeOf(name)}`);
      if (typeof chart !== 'string')
        throw new Error(`helmTemplate: second argument 'chart' must be a string, got ${typeOf(chart)}`);
      const options = parseToolOptions(
        'helmTemplate',
        opts,
        OPTION_TYPES,
        DEFAULTS,
        'https://tanka.dev/helm#optscalledfrom-unset',
      );
      const chartDir = locateInput(
        'helmTemplate',
        'chart',
        options.calledFrom,
        chart,
        context,
        'Charts are vendored inside the app (`kf chart vendor` fetches what chartfile.yaml requires, e.g. in a fresh clone) and named relative to the file that calls helm.template()',
      );
      return renderWithTool(
        rendered,
        JSON.stringify([name, chartDir, { ...options, calledFrom: undefined }]),
        {
          fn: 'helmTemplate',
          tool: {
            binary: context.helm ?? (process.env[HELM_PATH_ENV] || 'helm'),
            env: HELM_PATH_ENV,
            install: 'helm (v3 or v4)',
          },
          args: ['template', name, chartDir, '--values', '-', ...templateFlags(options)],
          // values as YAML on stdin: JSON is YAML
          input: JSON.stringify(options.values ?? {}),
          what: `Helm Chart ${chartDir}`,
          skipEmpty: true,
          nameFormat: options.nameFormat,
        },
      );
    },
  };
}

/** TemplateOpts.Flags: the options as `helm template` flags, in Tanka's order. */
function templateFlags(options: TemplateOptions): string[] {
  const flags = options.apiVersions.map((v) => `--api-versions=${v}`);
  if (options.includeCrds) flags.push('--include-crds');
  if (options.skipTests) flags.push('--skip-tests');
  if (options.kubeVersion !== '') flags.push(`--kube-version=${options.kubeVersion}`);
  if (options.noHooks) flags.push('--no-hooks');
  if (options.namespace !== '') flags.push(`--namespace=${options.namespace}`);
  return flags;
}
