#!/usr/bin/env node
// kf entry point. `kf --version` and the root `kf --help` are answered without loading oclif
// (the root help is rendered by oclif at build time into dist/root-help.txt); everything else
// goes through oclif, which loads only the command being run thanks to oclif.manifest.json.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const fastPath = process.env.KF_NO_FASTPATH !== '1';

if (fastPath && args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`kf/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else if (fastPath && args.length === 1 && (args[0] === '--help' || args[0] === '-h' || args[0] === 'help')) {
  let help;
  try {
    help = readFileSync(new URL('../dist/root-help.txt', import.meta.url), 'utf8');
  } catch {
    help = undefined;
  }
  if (help === undefined) await runOclif();
  else process.stdout.write(help);
} else {
  await runOclif();
}

async function runOclif() {
  const { execute } = await import('@oclif/core');
  await execute({ dir: import.meta.url });
}
