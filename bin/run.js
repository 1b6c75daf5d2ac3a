#!/usr/bin/env node
// kf entry point. `kf --version` and the root `kf --help` are answered without loading oclif
// (the root help is rendered by oclif at build time into dist/root-help.txt); everything else
// goes through oclif, which loads only the command being run thanks to oclif.manifest.json.
// `kf eval` (without --help/-h) is run by dist/cli/eval(.bundle).js directly, also without oclif; that
// module hands any argument shape it does not fully understand back to oclif (usage errors).
// The offline commands listed in src/cli/fast-run.ts (env list, show, …; never with --help/-h) run their
// oclif command class from the dist/fast/ bundle without oclif's config loading.
// KF_NO_FASTPATH=1 sends everything through oclif.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const fastPath = process.env.KF_NO_FASTPATH !== '1';

if (fastPath && args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`kf/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
} else if (
  fastPath &&
  args.length === 1 &&
  (args[0] === '--help' || args[0] === '-h' || args[0] === 'help')
) {
  let help;
  try {
    help = readFileSync(new URL('../dist/root-help.txt', import.meta.url), 'utf8');
  } catch {
    help = undefined;
  }
  if (help === undefined) await runOclif();
  else process.stdout.write(help);
} else if (fastPath && args[0] === 'eval' && !args.includes('--help') && !args.includes('-h')) {
  // The build bundles the evaluator into one file (loading ~40 modules separately costs more than
  // evaluating a small program); an unbundled build (e.g. tsc alone) uses the module itself.
  let cli;
  for (const file of ['../dist/cli/eval.bundle.js', '../dist/cli/eval.js']) {
    try {
      cli = await import(file);
      break;
    } catch {
      cli = undefined;
    }
  }
  if (cli === undefined || !(await cli.runEvalFast(args.slice(1)))) await runOclif();
} else if (fastPath && args[0] === '__complete') {
  // Tab completion runs on every key press: candidates come from oclif.manifest.json and the app.
  let completion;
  try {
    completion = await import('../dist/completion/run.js');
  } catch {
    completion = undefined;
  }
  if (completion === undefined) await runOclif();
  else await completion.printCompletions(args.slice(1));
} else if (!fastPath || !(await runFastCommand())) {
  await runOclif();
}

async function runFastCommand() {
  let fast;
  try {
    fast = await import('../dist/fast/entry.js');
  } catch {
    // An unbundled build (e.g. tsc alone): the runner and the commands as compiled.
    try {
      const runner = await import('../dist/cli/fast-run.js');
      fast = { ...runner, load: (id) => import(`../dist/commands/${id.replaceAll(':', '/')}.js`) };
    } catch {
      return false;
    }
  }
  if (fast.fastCommandId(args) === undefined) return false;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return fast.runFast(args, pkg.version, fast.load);
}

async function runOclif() {
  const { execute, settings } = await import('@oclif/core');
  // Always the compiled dist/: with NODE_ENV=development|test oclif would otherwise look for
  // TypeScript sources and warn that typescript is missing in an installed kf.
  settings.enableAutoTranspile = false;
  await execute({ dir: import.meta.url });
}
