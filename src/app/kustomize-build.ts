// Tanka's kustomizeBuild native (pkg/kustomize), which grafana/jsonnet-libs' tanka-util calls for
// `kustomize.build(path)`: runs `kustomize build` on a kustomization inside the app, next to the
// file that called it, and returns its objects keyed by the name format.
import type { NativeFunction } from '../jsonnet/index.js';
import {
  locateInput,
  parseToolOptions,
  renderWithTool,
  typeOf,
  type ExternalRenderContext,
} from './external-render.js';

/** Environment variable naming the kustomize binary (default: `kustomize` on PATH). */
export const KUSTOMIZE_PATH_ENV = 'KF_KUSTOMIZE_PATH';

/** kustomizeBuild(path, opts); one cache of builds per context (an engine's life). */
export function kustomizeBuildNative(context: ExternalRenderContext): NativeFunction {
  const built = new Map<string, Record<string, unknown>>();
  return {
    params: ['path', 'opts'],
    fn: (path, opts) => {
      if (typeof path !== 'string')
        throw new Error(`kustomizeBuild: argument 'path' must be a string, got ${typeOf(path)}`);
      const options = parseToolOptions(
        'kustomizeBuild',
        opts,
        { calledFrom: 'string', nameFormat: 'string' },
        { calledFrom: '', nameFormat: '' },
        'https://tanka.dev/kustomize#optscalledfrom-unset',
      );
      const dir = locateInput(
        'kustomizeBuild',
        'kustomization',
        options.calledFrom,
        path,
        context,
        'Kustomizations are kept inside the app and named relative to the file that calls kustomize.build() (see https://tanka.dev/kustomize#failed-to-find-kustomization)',
      );
      return renderWithTool(built, JSON.stringify([dir, options.nameFormat]), {
        fn: 'kustomizeBuild',
        tool: {
          binary: context.kustomize ?? (process.env[KUSTOMIZE_PATH_ENV] || 'kustomize'),
          env: KUSTOMIZE_PATH_ENV,
          install: 'kustomize (v5)',
        },
        args: ['build', dir],
        input: '',
        what: `Kustomize ${dir}`,
        skipEmpty: false,
        nameFormat: options.nameFormat,
      });
    },
  };
}
