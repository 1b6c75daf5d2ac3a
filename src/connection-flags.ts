// The flags of every command that talks to an environment's cluster (apply, diff, delete, status,
// validate --server) or reads kube contexts (init, env add, env set), defined once.
import { Flags } from '@oclif/core';

export function connectionFlags() {
  return {
    kubeconfig: Flags.string({
      description: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)',
      helpGroup: 'CONNECTION',
    }),
    'force-context': Flags.boolean({
      description: "act even if the context points at a different server than the environment's",
      default: false,
      helpGroup: 'CONNECTION',
    }),
  };
}

/** `--dry-run` wherever it exists: none (default), client (no cluster contacted), server. */
export function dryRunFlag(description: string) {
  return Flags.option({
    options: ['none', 'client', 'server'] as const,
    default: 'none' as const,
    description,
  })();
}

/** `--components` of env add / env set: the components an environment renders, comma-separated. */
export function environmentComponentsFlag(removable: boolean) {
  return Flags.string({
    description: `the components this environment renders, comma-separated (web,db), or only those it leaves out ('!jobs')${removable ? "; '' renders every component again" : ''} (default: every component)`,
  });
}

/** The list `--components` gave; null for '' (every component). */
export function parseComponentsFlag(text: string): string[] | null {
  const list = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return list.length === 0 ? null : list;
}
