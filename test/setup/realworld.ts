// vitest globalSetup of the `unit` project: the real-world Jsonnet set that test/jsonnet/realworld,
// lint and go-errors compare kf with. bench/jsonnet/realworld-assemble.js assembles it from the
// fetched mirrors into ~/.cache/kf/realworld (once: later runs reuse it) and go-jsonnet v0.22's
// output of every program is recorded beside it, so a fresh clone on a fresh machine needs nothing
// but `npm test` once the mirrors are there. Without the mirrors those tests say NOT RUN (or fail
// where they cannot do without them), by name.
import { existsSync } from 'node:fs';
import { ensureGoJsonnet } from '../../bench/jsonnet/peers.js';
import { ensureExpected, ensureRealworld, MIRROR } from '../../bench/jsonnet/realworld-assemble.js';

export default async function setup(): Promise<void> {
  if (!existsSync(MIRROR)) {
    process.stderr.write(
      `real-world Jsonnet set: no mirror folder ${MIRROR}; the tests that need it say so\n`,
    );
    return;
  }
  const started = Date.now();
  const manifest = ensureRealworld();
  if (manifest === undefined) return;
  const goBin = ensureGoJsonnet();
  if (goBin === undefined) {
    process.stderr.write(
      'real-world Jsonnet set: go-jsonnet v0.22.0 could not be built; its output is not recorded\n',
    );
    return;
  }
  const recorded = await ensureExpected(manifest, goBin);
  if (recorded > 0)
    process.stderr.write(
      `real-world Jsonnet set: ${manifest.programs.length} programs in ${manifest.root}; go-jsonnet's output of ${recorded} recorded (${Date.now() - started} ms)\n`,
    );
}
