// `kf validate` as a function: offline schema checks of every rendered object (render/), plus,
// with `server`, the server-side dry run on each environment's cluster.
import { loadApp } from '../app/app.js';
import { defaultParallelism } from '../render/export-parallel.js';
import type { Problem } from '../render/validate.js';
import { validateEnvironments } from '../render/validate-environments.js';
import type { ConnectionOptions } from './connection.js';
import type { TargetOptions } from './target.js';

export type { Problem } from '../render/validate.js';

export interface ValidateOptions extends ConnectionOptions {
  cwd?: string;
  /** environments to validate; every one when empty */
  envs?: string[];
  /** also dry-run every object on the environment's cluster */
  server?: boolean;
  /** extra CRD files or directories; vendor/ of the app is always searched */
  crdPaths?: string[];
  ignoreMissingSchemas?: boolean;
  /** environments rendered at once (default: CPU count) */
  parallelism?: number;
  /** only these components (`-c`) */
  components?: string[];
  /** `-J`, ext vars, TLAs, `--allow-imports-outside-app` */
  render?: TargetOptions['render'];
  /** a folder for compiled schema validators (the CLI passes defaultValidatorCacheDir()); none: compile each run */
  validatorCache?: string;
}

export interface EnvironmentValidation {
  env: string;
  k8sVersion: string;
  objects: number;
  /** every object checked, in render order */
  checked: { component: string; apiVersion: string; kind: string; namespace?: string; name: string }[];
  server: boolean;
  problems: Problem[];
  /** objects the server dry-run could not judge yet (namespace or CRD created by the same render) */
  skipped: string[];
}

export interface ValidateResult {
  environments: EnvironmentValidation[];
  /** problems over all environments */
  problems: number;
}

const objectOf = (p: Problem): string =>
  JSON.stringify([p.environment, p.apiVersion, p.kind, p.namespace ?? '', p.name]);

/** An offline problem with the object's kind itself (not served, no schema), not with a field. */
const isKindProblem = (p: Problem): boolean => p.path === '';

export async function validate(options: ValidateOptions = {}): Promise<ValidateResult> {
  const app = loadApp(options.cwd);
  const renderOptions = { ...options.render, components: options.components };
  const reports = await validateEnvironments(app, {
    envs: options.envs ?? [],
    parallelism: options.parallelism ?? defaultParallelism(),
    crdPaths: options.crdPaths,
    ignoreMissingSchemas: options.ignoreMissingSchemas,
    render: renderOptions,
    validatorCache: options.validatorCache,
  });
  const environments: EnvironmentValidation[] = [];
  for (const { rendered, ...report } of reports) {
    const checked = rendered.map(({ component, object }) => ({
      component,
      apiVersion: object.apiVersion,
      kind: object.kind,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      name: object.metadata.name ?? '',
    }));
    const validation: EnvironmentValidation = { ...report, checked, server: options.server === true };
    if (options.server) {
      // The cluster client is loaded only for --server: offline validation runs without it.
      const [{ withConnection }, { checkOnServer }, { apiVersionPlaces }] = await Promise.all([
        import('./connection.js'),
        import('./server-check.js'),
        import('./places.js'),
      ]);
      const env = { envName: report.env, env: app.spec.environments[report.env] };
      const check = await withConnection(env, options, (connection) =>
        checkOnServer(
          connection,
          report.env,
          rendered,
          apiVersionPlaces({ app, envName: report.env, objects: rendered, render: renderOptions }),
        ),
      );
      // Which versions serve a kind is the cluster's word: its line replaces the offline one.
      const judged = new Set(check.problems.map(objectOf));
      validation.problems = [
        ...validation.problems.filter((p) => !(isKindProblem(p) && judged.has(objectOf(p)))),
        ...check.problems,
      ];
      validation.skipped = [...validation.skipped, ...check.skipped];
    }
    environments.push(validation);
  }
  return { environments, problems: environments.reduce((n, e) => n + e.problems.length, 0) };
}
