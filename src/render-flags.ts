// The flags of every command that renders an environment (show, apply, diff, delete, status,
// export, validate), defined once, and their mapping to the render options of the workflow layer.
import { Flags } from '@oclif/core';
import { UserError } from './errors.js';

const GROUP = 'RENDER';

/** `-J`: a Jsonnet library directory (the render's; lint and tool say how they search it). */
export function jpathFlag(description = 'extra Jsonnet library directory (repeatable)', helpGroup?: string) {
  return Flags.string({
    char: 'J',
    description,
    multiple: true,
    multipleNonGreedy: true,
    ...(helpGroup ? { helpGroup } : {}),
  });
}

export function renderFlags() {
  return {
    component: Flags.string({
      char: 'c',
      description: 'only this component (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: GROUP,
    }),
    target: Flags.string({
      char: 't',
      description:
        "only objects whose '<kind>/<name>' matches this regular expression (case-insensitive, whole string; a leading ! excludes) (repeatable)",
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: GROUP,
    }),
    jpath: jpathFlag(undefined, GROUP),
    'ext-str': Flags.string({
      char: 'V',
      description: 'external variable as a string: K=V, or K to take $K (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: GROUP,
    }),
    'ext-code': Flags.string({
      description: 'external variable as Jsonnet code: K=CODE (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: GROUP,
    }),
    'tla-str': Flags.string({
      description: 'top-level argument as a string, for components that are functions: K=V (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: GROUP,
    }),
    'tla-code': Flags.string({
      description: 'top-level argument as Jsonnet code: K=CODE (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
      helpGroup: GROUP,
    }),
    'allow-imports-outside-app': Flags.boolean({
      description:
        'let Jsonnet import files outside the app and the -J directories (by default such an import is an error)',
      default: false,
      helpGroup: GROUP,
    }),
  };
}

export interface RenderFlagValues {
  component?: string[];
  target?: string[];
  jpath?: string[];
  'ext-str'?: string[];
  'ext-code'?: string[];
  'tla-str'?: string[];
  'tla-code'?: string[];
  'allow-imports-outside-app'?: boolean;
}

/** What the render flags select, in the shape of the workflow layer's options. */
export interface RenderSelection {
  /** `-c`; undefined for every component */
  components?: string[];
  render: {
    /** `-t` */
    targets?: string[];
    jpath?: string[];
    extVars: Record<string, string>;
    extCode: Record<string, string>;
    tlaVars: Record<string, string>;
    tlaCode: Record<string, string>;
    allowImportsOutsideApp: boolean;
  };
}

export function renderSelection(flags: RenderFlagValues): RenderSelection {
  return {
    components: flags.component && flags.component.length > 0 ? flags.component : undefined,
    render: {
      targets: flags.target && flags.target.length > 0 ? flags.target : undefined,
      jpath: flags.jpath,
      extVars: parseKeyValues(flags['ext-str'], '--ext-str'),
      extCode: parseKeyValues(flags['ext-code'], '--ext-code'),
      tlaVars: parseKeyValues(flags['tla-str'], '--tla-str'),
      tlaCode: parseKeyValues(flags['tla-code'], '--tla-code'),
      allowImportsOutsideApp: flags['allow-imports-outside-app'] === true,
    },
  };
}

/** `K=V` items; `K` alone takes the value of the environment variable K (as jsonnet and ksonnet do). */
export function parseKeyValues(
  items: string[] | undefined,
  flag: string,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) {
      const fromEnv = eq < 0 ? env[item] : undefined;
      if (fromEnv === undefined)
        throw new UserError(`${flag} expects K=V, got '${item}'`, {
          hint: eq < 0 ? `no environment variable ${item} is set either` : undefined,
          exitCode: 2,
        });
      out[item] = fromEnv;
      continue;
    }
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
