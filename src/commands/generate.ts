import { relative } from 'node:path';
import { KfCommand } from '../base-command.js';
import { loadApp, type App } from '../app/app.js';
import type { RenderedObject } from '../kube-object.js';
import { generateComponent, paramContract, resolveParamValues, splitGenerateArgv } from '../app/generate.js';
import { readValuesFile } from '../app/values-file.js';
import { findAppPrototype } from '../app/prototypes.js';
import { UserError } from '../errors.js';
import { USAGE_COMMAND } from '../cli/usage-words.js';
import { findAppRoot } from '../app/app-file.js';
import { withAppLock } from '../app/app-lock.js';

export default class Generate extends KfCommand {
  static override description = `Create a component from a prototype; every prototype parameter is a flag (--<param>=<value>), see \`kf prototype describe\`

Writes components/COMPONENT.jsonnet and copies every parameter, given or default, into components/params.libsonnet. --values-file F takes parameter values from a Jsonnet or JSON file that evaluates to an object ({ image: 'nginx:1.27', replicas: 2 }); a flag wins over the file. --dry-run prints the component's Jsonnet and writes nothing.`;

  static override aliases = ['prototype:use'];

  static override examples = [
    '<%= config.bin %> generate deployed-service web --image=nginx:1.27 --replicas=2',
    '<%= config.bin %> generate tf-cnn cnn --name=cnn --num_gpus=0',
    '<%= config.bin %> generate core kubeflow-core --values-file=values.jsonnet',
  ];

  static override usage = `${USAGE_COMMAND} PROTOTYPE COMPONENT [--<param>=<value> ...] [--values-file F] [--dry-run]`;

  // Parameter flags depend on the prototype, so argv is parsed here rather than by oclif.
  static override strict = false;

  async run(): Promise<void> {
    this.parsed = true; // argv is parsed by splitGenerateArgv: oclif would reject the parameter flags
    const argv = splitGenerateArgv(this.argv);
    const [prototypeName, componentName, format, ...extra] = argv.positionals;
    if (prototypeName === undefined || componentName === undefined) {
      throw new UserError('expected a prototype and a component name', {
        hint: 'kf generate <prototype> <component> [--<param>=<value> ...]',
        exitCode: 2,
      });
    }
    if ((format !== undefined && format !== 'jsonnet') || extra.length > 0) {
      throw new UserError(`unexpected argument '${format ?? extra[0]}'`, {
        hint: 'parameters are given as --<param>=<value>',
        exitCode: 2,
      });
    }
    const root = findAppRoot();
    const generate = () => {
      const app = loadApp(root);
      const prototype = findAppPrototype(app, prototypeName);
      const fromFile = argv.valuesFile === undefined ? {} : readValuesFile(app, argv.valuesFile);
      const params = resolveParamValues(
        prototype,
        componentName,
        argv.paramFlags,
        fromFile,
        paramContract(app),
      );
      return {
        prototype,
        result: generateComponent(app, prototype, componentName, params, argv.dryRun),
        // environments that list their components: the new one is not among them
        listing: Object.entries(app.spec.environments).flatMap(([env, spec]) =>
          spec.components?.some((entry) => !entry.startsWith('!')) ? [{ env, list: spec.components }] : [],
        ),
      };
    };
    const { prototype, result, listing } = argv.dryRun ? generate() : await withAppLock(root, generate);
    if (argv.dryRun) {
      process.stdout.write(result.source);
      return;
    }
    this.log(
      `Created component '${componentName}' from ${prototype.name}: ${relative(process.cwd(), result.file) || result.file}`,
    );
    const taken = await namedAfterEnvironment(loadApp(root), componentName, result.params.name);
    if (taken !== undefined)
      this.log(
        `note: component ${componentName} names its objects after the environment (${taken.kind} ${taken.env} in environment ${taken.env}), not '${String(result.params.name)}': its library merges the environment into its params the ksonnet way, and a kf app's environment has a name; for a package of ksonnet's time add 'conventions: ksonnet' to app.yaml (see docs/ksonnet.md)`,
      );
    for (const { env, list } of listing)
      this.log(
        `Environment '${env}' lists its components and does not render '${componentName}': add it with 'kf env set ${env} --components ${[...list, componentName].join(',')}'`,
      );
  }
}

/**
 * In a kf app, the first environment whose name the new component gave one of its objects instead
 * of the component's `name` parameter: a 2018 ksonnet library (Kubeflow 0.4's `params + env`) merged
 * kf's environment, which has a `name` ksonnet's had not, over its params. Renders the component
 * once per environment; one that does not render yet is not judged here.
 */
async function namedAfterEnvironment(
  app: App,
  component: string,
  name: unknown,
): Promise<{ env: string; kind: string } | undefined> {
  if (paramContract(app) === 'ksonnet' || typeof name !== 'string') return undefined;
  // Loaded only here: generate itself never renders.
  const { renderEnvironment } = await import('../render/render.js');
  for (const env of Object.keys(app.spec.environments)) {
    if (env === name) continue;
    let objects: RenderedObject[];
    try {
      objects = renderEnvironment(app, env, { components: [component] });
    } catch {
      continue;
    }
    const taken = objects.find((o) => o.object.metadata?.name === env);
    if (taken) return { env, kind: taken.object.kind };
  }
  return undefined;
}
