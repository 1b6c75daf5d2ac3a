// `npm run cluster:build|cluster:up|cluster:down|cluster:status` (run with tsx).
import { allRunning, clusterDown, clusterUp, readClusterState } from './background.js';
import { ensureBinaries, ensureWorkloadBinaries } from './binaries.js';
import type { ClustersState } from './clusters.js';

function printState(state: ClustersState): void {
  const servers = state.controlPlanes.map((cp) => `${cp.name} ${cp.server}`).join(', ');
  console.log(
    `clusters running (${servers}); contexts: ${[...state.contexts, state.restrictedContext.context].join(', ')}`,
  );
  console.log(`kubeconfig: ${state.kubeconfigPath}`);
  console.log(`export KUBECONFIG=${state.kubeconfigPath}`);
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'build': {
      const binaries = await ensureBinaries();
      console.log(binaries.dir);
      if (!process.argv.includes('--no-workloads')) console.log((await ensureWorkloadBinaries()).dir);
      return 0;
    }
    case 'up': {
      const { state, alreadyRunning } = await clusterUp({
        workloads: !process.argv.includes('--no-workloads'),
      });
      console.log(
        alreadyRunning
          ? 'clusters were already running'
          : `started in ${state.readyMs} ms (first process to all clusters ready and set up)`,
      );
      printState(state);
      return 0;
    }
    case 'down': {
      console.log((await clusterDown()) ? 'clusters stopped' : 'no clusters recorded; nothing to stop');
      return 0;
    }
    case 'status': {
      const state = readClusterState();
      if (state && allRunning(state)) {
        printState(state);
        return 0;
      }
      console.log(
        state ? 'clusters recorded but not (all) running; run cluster:down' : 'no clusters running',
      );
      return 1;
    }
    default:
      console.error('usage: cli.ts build|up|down|status [--no-workloads]');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
