// Flags of the commands that talk to an environment's cluster (apply, diff, delete, validate
// --server) or read its contexts (init, env add, env set: --kubeconfig alone).
import { Flags } from '@oclif/core';

export function kubeconfigFlag() {
  return Flags.string({ description: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' });
}

export function connectionFlags() {
  return {
    kubeconfig: kubeconfigFlag(),
    'force-context': Flags.boolean({
      description: "act even if the context now points at a different server than the environment's",
      default: false,
    }),
  };
}
