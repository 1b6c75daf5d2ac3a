// Flags of the commands that talk to an environment's cluster (apply, diff, delete, validate --server).
import { Flags } from '@oclif/core';

export function connectionFlags() {
  return {
    kubeconfig: Flags.string({ description: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' }),
    'force-context': Flags.boolean({
      description: "act even if the context now points at a different server than the environment's",
      default: false,
    }),
  };
}
