#!/usr/bin/env node
// Start-up benchmark: `kf --version` and `kf --help` against a bare `node -e 0`, median of N runs.
// Usage: node bench/startup/run.js [runs]   (target: ratio <= 2.0)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 25);
const kf = fileURLToPath(new URL('../../bin/run.js', import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function time(args) {
  const samples = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (i >= 2) samples.push(elapsed); // the first two runs warm the file cache
  }
  return median(samples);
}

const baseline = time(['-e', '0']);
const rows = [
  ['node -e 0', baseline],
  ['kf --version', time([kf, '--version'])],
  ['kf --help', time([kf, '--help'])],
];
console.log(`runs per command: ${runs}`);
console.log('command'.padEnd(16) + 'median ms'.padStart(10) + 'ratio'.padStart(8));
for (const [name, ms] of rows) {
  console.log(name.padEnd(16) + ms.toFixed(1).padStart(10) + (ms / baseline).toFixed(2).padStart(8));
}
const worst = Math.max(...rows.slice(1).map(([, ms]) => ms / baseline));
console.log(`worst ratio: ${worst.toFixed(2)} (target <= 2.00) ${worst <= 2 ? 'OK' : 'ABOVE TARGET'}`);
