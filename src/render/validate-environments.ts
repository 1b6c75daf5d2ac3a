// `kf validate`: renders environments (in parallel, each twice to catch nondeterminism), checks
// every object offline against the schemas of the environment's Kubernetes version and the
// app's CRDs, and optionally dry-runs them on the environment's cluster.
import { join } from 'node:path';
import type { App } from '../app/app.js';
import type { ConnectOptions } from '../cluster/kubeconfig.js';
import { selectEnvironments } from './export.js';
import { runJobs } from './export-parallel.js';
import { defaultKubernetesVersion } from './schemas/kubernetes-schemas.js';
import { validateObjects, type Problem } from './validate.js';
import { dryRunOnServer } from './validate-server.js';
import { readCrds } from './validate-vendored.js';

export interface ValidateEnvironmentsOptions {
  envs: string[];
  server?: boolean;
  parallelism?: number;
  /** extra CRD files or directories; vendor/ of the app is always searched */
  crdPaths?: string[];
  ignoreMissingSchemas?: boolean;
  connect?: ConnectOptions;
}

export interface EnvironmentReport {
  env: string;
  k8sVersion: string;
  objects: number;
  problems: Problem[];
  /** notes on objects the server dry-run could not judge */
  skipped: string[];
}

export async function validateEnvironments(
  app: App,
  options: ValidateEnvironmentsOptions,
): Promise<EnvironmentReport[]> {
  const envs = selectEnvironments(app, options.envs);
  const crds = [
    ...readCrds(join(app.root, 'vendor'), { required: false }),
    ...(options.crdPaths ?? []).flatMap((p) => readCrds(p, { required: true })),
  ];
  const results = await runJobs(
    envs.map((env) => ({ root: app.root, env, objects: true, twice: true })),
    options.parallelism,
  );
  const reports: EnvironmentReport[] = [];
  for (const result of results) {
    const spec = app.spec.environments[result.env];
    const objects = result.objects ?? [];
    const k8sVersion = spec.k8sVersion ?? defaultKubernetesVersion();
    const problems = validateObjects(objects, {
      k8sVersion,
      crds,
      environment: result.env,
      ignoreMissingSchemas: options.ignoreMissingSchemas,
    });
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
    const report: EnvironmentReport = {
      env: result.env,
      k8sVersion,
      objects: objects.length,
      problems,
      skipped: [],
    };
    if (options.server) {
      const server = await dryRunOnServer(result.env, spec, objects, options.connect);
      report.problems.push(...server.problems);
      report.skipped.push(...server.skipped);
    }
    reports.push(report);
  }
  return reports;
}
