// Entry point of a control plane's egress proxy process (see egress-proxy.ts):
//   node --import tsx egress-proxy-process.ts <socket> <mappings dir> <log file>
// It runs in its own process group next to etcd and kube-apiserver and stops on SIGTERM.
import { startEgressProxy } from './egress-proxy.js';

const [socketPath, mappingsDir, logFile] = process.argv.slice(2);
if (!socketPath || !mappingsDir || !logFile) {
  process.stderr.write('usage: egress-proxy-process.ts <socket> <mappings dir> <log file>\n');
  process.exit(2);
}
const proxy = await startEgressProxy({ socketPath, mappingsDir, logFile });
process.stdout.write(`egress proxy listening on ${socketPath}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    void proxy.close().then(() => process.exit(0));
  });
}
