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
