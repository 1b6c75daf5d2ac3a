// `kf validate` offline: renders environments (in parallel, each twice to catch nondeterminism)
// and checks every object against the schemas of the environment's Kubernetes version and the
// app's CRDs, and that no object is rendered twice. The server dry-run (--server) is added by the validate workflow.
import { join } from 'node:path';
import type { App } from '../app/app.js';
import { renderedTwice, type KubeObject, type RenderedObject } from '../kube-object.js';
import { selectEnvironments } from './export.js';
import { runJobs } from './export-parallel.js';
import { renderEnvironment, type RenderOptions } from './render.js';
import { defaultKubernetesVersion } from './schemas/kubernetes-schemas.js';
import { isMissingSchema, validateObjects, type Problem } from './validate.js';
import { isCrd } from './validate-crds.js';
import { readCrds } from './validate-vendored.js';
import { fieldSegments } from './validate-errors.js';
import { locateFields, type FieldRequest } from './locate.js';

export interface ValidateEnvironmentsOptions {
  envs: string[];
  parallelism?: number;
  /** extra CRD files or directories; vendor/ of the app is always searched */
  crdPaths?: string[];
  ignoreMissingSchemas?: boolean;
  /** components (`-c`), -J, ext vars, TLAs */
  render?: Omit<RenderOptions, 'engine'>;
  /** a folder for compiled schema validators (validator-cache.ts) */
  validatorCache?: string;
}

export interface EnvironmentReport {
  env: string;
  k8sVersion: string;
  objects: number;
  problems: Problem[];
  /** notes on objects the server dry-run could not judge */
  skipped: string[];
  /** the rendered objects, for checks that follow (not part of the report's output) */
  rendered: RenderedObject[];
}

export async function validateEnvironments(
  app: App,
  options: ValidateEnvironmentsOptions,
): Promise<EnvironmentReport[]> {
  const envs = selectEnvironments(app, options.envs);
  const selective =
    (options.render?.components?.length ?? 0) > 0 || (options.render?.targets?.length ?? 0) > 0;
  const crds = [
    ...readCrds(join(app.root, 'vendor'), { required: false }),
    ...(options.crdPaths ?? []).flatMap((p) => readCrds(p, { required: true })),
  ];
  const results = await runJobs(
    envs.map((env) => ({
      root: app.root,
      env,
      objects: true,
      twice: true,
      render: options.render,
    })),
    options.parallelism,
  );
  const reports: EnvironmentReport[] = [];
  for (const result of results) {
    const spec = app.spec.environments[result.env];
    const objects = result.objects ?? [];
    const k8sVersion = spec.k8sVersion ?? defaultKubernetesVersion();
    const check = (extra: KubeObject[]) =>
      validateObjects(objects, {
        k8sVersion,
        crds: [...crds, ...extra],
        environment: result.env,
        ignoreMissingSchemas: options.ignoreMissingSchemas,
        cacheDir: options.validatorCache,
      });
    let problems = check([]);
    if (selective && problems.some(isMissingSchema))
      problems = check(crdsLeftOut(app, result.env, options.render ?? {}));
    for (const { object, component, first } of renderedTwice(objects)) {
      problems.push({
        environment: result.env,
        component,
        apiVersion: object.apiVersion,
        kind: object.kind,
        ...(object.metadata.namespace === undefined ? {} : { namespace: object.metadata.namespace }),
        name: object.metadata.name ?? '',
        path: '',
        message: `rendered twice (also by component ${first}): one would overwrite the other, and kf apply refuses it`,
      });
    }
    for (const what of result.nondeterministic ?? []) {
      problems.push({
        environment: result.env,
        apiVersion: '',
        kind: '',
        name: '',
        path: '',
        message: `nondeterministic render: ${what} differs between two renders`,
      });
    }
    locateProblems(app, result.env, problems, objects, options.render ?? {});
    const report: EnvironmentReport = {
      env: result.env,
      k8sVersion,
      objects: objects.length,
      problems,
      skipped: [],
      rendered: objects,
    };
    reports.push(report);
  }
  return reports;
}

/**
 * Gives each problem the place in the app's Jsonnet that wrote its field: for a problem with the
 * object as a whole, where its apiVersion (served, schema) or its name (rendered twice) is written.
 */
function locateProblems(
  app: App,
  env: string,
  problems: Problem[],
  objects: readonly RenderedObject[],
  render: Omit<RenderOptions, 'engine'>,
): void {
  const key = (
    component: string | undefined,
    object: Pick<Problem, 'apiVersion' | 'kind' | 'namespace' | 'name'>,
  ) => JSON.stringify([component, object.apiVersion, object.kind, object.namespace ?? '', object.name]);
  const byKey = new Map(
    objects.map((o) => [
      key(o.component, {
        ...o.object,
        namespace: o.object.metadata.namespace,
        name: o.object.metadata.name ?? '',
      }),
      o,
    ]),
  );
  const located: Problem[] = [];
  const requests: FieldRequest[] = [];
  for (const problem of problems) {
    const object = byKey.get(key(problem.component, problem));
    if (object?.source === undefined) continue;
    const field =
      problem.path !== ''
        ? fieldSegments(problem.path)
        : problem.message.startsWith('rendered twice')
          ? ['metadata', 'name']
          : ['apiVersion'];
    located.push(problem);
    requests.push({ object, field });
  }
  if (requests.length === 0) return;
  locateFields(app, env, requests, render).forEach((location, i) => {
    if (location !== undefined) (located[i] as Problem).location = location;
  });
}

/**
 * The CRDs of an environment's whole render: with -c or -t, a kind the selected objects use may be
 * defined by a CRD that a component or target left out renders. A left-out component that does
 * not render leaves the kind unknown, as it was.
 */
function crdsLeftOut(app: App, env: string, render: Omit<RenderOptions, 'engine'>): KubeObject[] {
  try {
    return renderEnvironment(app, env, { ...render, components: undefined, targets: undefined })
      .map((rendered) => rendered.object)
      .filter(isCrd);
  } catch {
    return [];
  }
}
