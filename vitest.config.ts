import { defineConfig } from 'vitest/config';

// Two projects:
// - unit: everything under test/ except the live-cluster suites; runs in parallel. Its globalSetup
//   assembles the real-world Jsonnet set (test/setup/realworld.ts).
// - integration: suites that talk to the real control planes (test/integration/<area>,
//   test/cluster, test/e2e). Its globalSetup builds kube-apiserver + etcd on first use,
//   starts the `minikube` and `gke` control planes once per run and exports KUBECONFIG;
//   files run one after another because they share those clusters.
// `vitest run` runs both; `vitest run --project unit` starts no cluster.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // vitest defaults to cores - 1 workers (one on CI's 2 cores); most files wait on kf child processes.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // Assembles the real-world Jsonnet set from the mirrors and records go-jsonnet's output.
          globalSetup: ['test/setup/realworld.ts'],
          exclude: ['test/integration/**', 'test/e2e/**', 'test/cluster/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/cluster/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/cluster/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
