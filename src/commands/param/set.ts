import { Args, Flags } from '@oclif/core';
import { relative } from 'node:path';
import { KfCommand } from '../../base-command.js';
import { loadApp } from '../../app/app.js';
import { parseCliValue } from '../../app/jsonnet-literal.js';
import { createAppEngine } from '../../app/jsonnet-engine.js';
import { globalShadows, parameterShadows, type GlobalShadow, type ParamShadow } from '../../app/params.js';
import { setParameter, splitKey } from '../../app/parameters.js';
import { UserError } from '../../errors.js';
import { findAppRoot } from '../../app/app-file.js';
import { withAppLock } from '../../app/app-lock.js';

export default class ParamSet extends KfCommand {
  static override description =
    "Set a parameter, editing only that value in the params file: a component's (<component> <key> <value>), a global (<key> <value>), or with --env an environment override or environment global";

  static override examples = [
    '<%= config.bin %> param set cnn num_gpus 1',
    '<%= config.bin %> param set --env=gke cnn num_gpus 1',
    '<%= config.bin %> param set web metadata.labels \'{"team": "ml"}\'',
    '<%= config.bin %> param set --env=gke cloud gke',
  ];

  static override usage = 'param set [COMPONENT] PARAM VALUE [--env ENV] [--as-string]';

  // COMPONENT is left out for a global parameter, so the arguments are checked here: oclif would
  // name them by position.
  static override args = {
    component: Args.string({ description: 'component (leave out for a global parameter)' }),
    param: Args.string({ description: 'parameter (dotted keys allowed: metadata.labels)' }),
    value: Args.string({ description: 'value (a Jsonnet/JSON literal, else a string)' }),
  };

  static override flags = {
    env: Flags.string({ description: 'write the override into this environment' }),
    'as-string': Flags.boolean({
      description: 'store the value as a string even if it looks like a number, boolean, array or object',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ParamSet);
    const given = [args.component, args.param, args.value].filter((a): a is string => a !== undefined);
    if (given.length < 2) {
      throw new UserError(`missing ${given.length === 0 ? 'arguments PARAM VALUE' : 'argument VALUE'}`, {
        hint: `usage: kf param set [COMPONENT] PARAM VALUE; see: kf param set --help`,
        exitCode: 2,
      });
    }
    const [component, key, text] = given.length === 2 ? [undefined, given[0], given[1]] : given;
    const value = flags['as-string'] ? text : parseCliValue(text);
    const root = findAppRoot();
    const file = await withAppLock(root, () => {
      const app = loadApp(root);
      // `kf param set cnn num_gpus` (the value forgotten) would set a global named cnn to "num_gpus".
      if (component === undefined && app.components.some((c) => c.name === key))
        throw new UserError(`'${key}' is a component, not a global parameter: the value is missing`, {
          hint: `kf param set ${flags.env === undefined ? '' : `--env ${flags.env} `}${key} ${text} <value>`,
          exitCode: 2,
        });
      return setParameter(app, { component, env: flags.env }, key, value);
    });
    this.log(
      `Set ${component === undefined ? 'global ' : `${component}.`}${key} = ${JSON.stringify(value)} in ${relative(root, file)}`,
    );
    if (component !== undefined) warnIfShadowed(root, component, flags.env, key, value);
    else if (flags.env === undefined) warnIfGlobalShadowed(root, key, value);
  }
}

/**
 * A global set in components/params.libsonnet has no effect in an environment whose own
 * globals.libsonnet sets the same key: name those environments, in one line.
 */
function warnIfGlobalShadowed(root: string, key: string, value: unknown): void {
  let shadows: GlobalShadow[];
  try {
    const app = loadApp(root);
    shadows = globalShadows(app, createAppEngine(app), splitKey(key), value);
  } catch {
    return; // as in warnIfShadowed
  }
  if (shadows.length === 0) return;
  const where = shadows.map((s) => `${JSON.stringify(s.actual) ?? 'unset'} in environment ${s.env}`);
  const file =
    shadows.length === 1
      ? `environments/${shadows[0].env}/globals.libsonnet`
      : "each environment's globals.libsonnet";
  process.stderr.write(
    `kf: warning: global ${key} stays ${where.join(', ')}: ${file} sets ${splitKey(key)[0]} for every component and wins (ksonnet precedence)\n`,
  );
}

/**
 * ksonnet precedence lets a global or an environment's value win over what was just written (a
 * real app, kubeflow/examples' code_search, has overrides that never take effect this way): say
 * so, rather than leave the user to find out from the render.
 */
function warnIfShadowed(
  root: string,
  component: string,
  env: string | undefined,
  key: string,
  value: unknown,
): void {
  let shadows: ParamShadow[];
  try {
    const app = loadApp(root);
    shadows = parameterShadows(app, createAppEngine(app), { component, env }, splitKey(key), value);
  } catch {
    return; // the edit is done; a params file that does not evaluate is reported by the commands that read it
  }
  for (const s of shadows) {
    const where = s.env === undefined ? 'before any environment' : `in environment ${s.env}`;
    process.stderr.write(
      `kf: warning: ${component}.${key} stays ${JSON.stringify(s.actual) ?? 'unset'} ${where}: ${s.winner} (ksonnet precedence)\n`,
    );
  }
}
