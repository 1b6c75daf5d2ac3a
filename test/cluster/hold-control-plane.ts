// Test helper process: starts one control plane tied to itself, prints its state as one
// JSON line, then idles until it is signalled or killed (see teardown.test.ts).
import { ensureBinaries } from './binaries.js';
import { startControlPlane } from './control-plane.js';
import { newTestUsers } from './credentials.js';

const parentDir = process.argv[2];
const { admin } = newTestUsers();
const controlPlane = await startControlPlane({
  name: 'hold',
  binaries: await ensureBinaries(),
  users: [admin],
  probeToken: admin.token,
  parentDir,
});
process.stdout.write(JSON.stringify({ dir: controlPlane.dir, pgids: controlPlane.pgids }) + '\n');
setInterval(() => undefined, 1 << 30);
