#!/bin/sh
':' //; [ -z "${NODE_EXTRA_CA_CERTS-}" ] || { KF_EXTRA_CA_CERTS=$NODE_EXTRA_CA_CERTS; export KF_EXTRA_CA_CERTS; unset NODE_EXTRA_CA_CERTS; }; case " ${NODE_OPTIONS-}" in *--v8-pool-size*) exec node "$0" "$@";; esac; exec node --v8-pool-size=0 "$0" "$@"
// kf entry point. `kf --version` and the root `kf --help` are answered without loading oclif
// (the root help is rendered by oclif at build time into dist/root-help.txt); everything else
// goes through oclif, which loads only the command being run thanks to oclif.manifest.json.
// `kf eval` (without --help/-h) is run by dist/cli/eval.bundle.cjs directly, also without oclif; that
// module hands any argument shape it does not fully understand back to oclif (usage errors).
// The commands listed in src/cli/fast-commands.ts (env list, show, apply, …; never with --help/-h)
// run their oclif command class from the dist/fast/ bundle without oclif's config loading.
// KF_NO_FASTPATH=1 sends everything through oclif.
//
// This file is CommonJS (bin/package.json): an ES-module entry would start Node's ES-module loader
// before anything else, which is a good part of what a small `kf eval` costs. The ES-module parts
// of kf (oclif, the fast-path bundle) are loaded with import() where they are needed.
//
// Started as a program (`kf`, through npm's link), this file runs in /bin/sh first: the line above
// is a string and a comment to JavaScript, and to the shell a no-op, then the start of Node on this
// very file. Node reads NODE_EXTRA_CA_CERTS (and builds its root certificate store) before any
// JavaScript runs, ~40 ms on a machine that points it at the system bundle, and kf rarely makes a TLS
// connection: the shell moves the variable aside, and below it is put back for child processes
// while kf's own connections get the certificates when they first need them
// (src/util/extra-ca-certs.ts). `node bin/run.js` skips the shell line and Node reads the variable.
// The shell line also starts Node with `--v8-pool-size=0` (unless NODE_OPTIONS sets a pool size):
// V8's background threads (garbage collection, compilation) sized for the machine, one on two
// cores, where Node's default is four whatever the machine: on two cores those four contend with kf
// itself (kube-prometheus evaluation 941 → 833 ms, 1350 → 1110 ms of CPU; kf export of the
// 200-component benchmark app 1069 → 986 ms).
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const deferredCaCerts = process.env.KF_EXTRA_CA_CERTS;
if (deferredCaCerts !== undefined) {
  delete process.env.KF_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = deferredCaCerts;
  globalThis[Symbol.for('kf.extraCaCerts')] = deferredCaCerts;
}

// kf's bundles import the ES-module packages they keep external (execa, tar, the cluster client)
// through this function (src/util/import-package.ts): in a script compiled from a V8 code cache, as
// loadBundle compiles them, Node 20 has no callback for a dynamic import().
globalThis[Symbol.for('kf.import')] = (specifier) => import(specifier);

// Bundles that a bundle loads when first needed (scripts/bundle.js: dist/lazy/, e.g. the YAML code of
// std.parseYaml), each with a V8 code cache of its own, written when the loading bundle's is.
const lazyBundles = [];
globalThis[Symbol.for('kf.requireBundle')] = (relative, use) => {
  const bundle = loadBundle(relative, use);
  if (bundle === undefined) return undefined;
  lazyBundles.push(bundle);
  return bundle.exports;
};

const args = process.argv.slice(2);
const fastPath = process.env.KF_NO_FASTPATH !== '1';
const root = join(__dirname, '..');

main().catch((error) => {
  // Errors of kf itself are handled (and printed) by the commands; this is a last resort.
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exitCode = 1;
});

async function main() {
  const isEval = fastPath && args[0] === 'eval' && !args.includes('--help') && !args.includes('-h');
  // `kf eval` writes to the file descriptors, without process.stdout (src/cli/direct-output.ts).
  if (!isEval) quietOnEpipe();
  if (fastPath && args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    process.stdout.write(`kf/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`);
  } else if (
    fastPath &&
    args.length === 1 &&
    (args[0] === '--help' || args[0] === '-h' || args[0] === 'help')
  ) {
    let help;
    try {
      help = readFileSync(join(root, 'dist', 'root-help.txt'), 'utf8');
    } catch {
      help = undefined;
    }
    if (help === undefined) await runOclif();
    else process.stdout.write(help);
  } else if (isEval) {
    // The build bundles the evaluator into one CommonJS file (loading ~40 modules separately costs
    // more than evaluating a small program); an unbundled build (e.g. tsc alone) uses the module itself.
    const bundle = loadBundle('dist/cli/eval.bundle.cjs', 'eval');
    let cli = bundle && bundle.exports;
    if (cli === undefined) {
      try {
        cli = await import('../dist/cli/eval.js');
      } catch {
        cli = undefined;
      }
    }
    const done = cli !== undefined && (await cli.runEvalFast(args.slice(1)));
    if (bundle) bundle.done();
    if (done) exitWhenWritten(cli.usedStreams());
    else {
      quietOnEpipe();
      await runOclif();
    }
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
  } else {
    exitWhenWritten();
  }
}

/**
 * A reader that goes away early (`kf show … | head`) ends kf quietly, not with a stack trace; output
 * that cannot be written (`kf show prod > out.yaml` on a full disk) in one line, as
 * src/cli/direct-output.ts says it for `kf eval`.
 */
function quietOnEpipe() {
  process.stdout.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(0);
    const reason = String(error && error.message).replace(/^[A-Z]+: /, '').replace(/, write$/, '');
    require('node:fs').writeSync(2, `kf: cannot write standard output: ${reason}\n`);
    process.exit(1);
  });
}

/**
 * Ends the process once a command of the fast path is done. Left to wind down by itself, Node
 * first waits for V8's background garbage-collection tasks and then frees the heap: after a
 * kube-prometheus evaluation on two cores, 61-64 ms passed between the last write and exit_group
 * (5 ms this way). Only when nothing is left to write: on Linux output to files, pipes and
 * terminals is written synchronously, but elsewhere a stream may still hold some, and then Node is
 * left to finish as before.
 */
function exitWhenWritten(streamsUsed = true) {
  // (`kf eval` writes without the streams: asking them would load them.)
  if (!streamsUsed || (process.stdout.writableLength === 0 && process.stderr.writableLength === 0))
    process.exit();
}

/**
 * A CommonJS bundle of dist/ (the evaluator, the fast-path commands), compiled with a V8 code cache
 * kept beside kf's other caches ($XDG_CACHE_HOME/kf/v8-code, default ~/.cache/...). A cache holds
 * the functions a run compiled, so each use (`eval`, each fast command) has its own. V8 checks a
 * cache only against the source's length, so the cache's name carries the bundle file's identity:
 * inode, length, modification time and status-change time. The last is the kernel's to set (npm
 * and tar set every file's modification time, and a new file may get a deleted one's inode), so a
 * rebuilt or reinstalled bundle gets a new cache. A missing or unwritable cache only costs the
 * compile. KF_NO_COMPILE_CACHE=1 turns it off. Returns the bundle's exports and `done`, to call
 * once the work is done (it writes a missing or rejected cache), or undefined when the bundle is
 * not built.
 */
function loadBundle(relative, use) {
  const file = join(root, relative);
  let source;
  let identity;
  try {
    const st = statSync(file);
    const micros = (ms) => Math.trunc(ms * 1000).toString(36);
    identity = `${st.ino.toString(36)}-${micros(st.mtimeMs)}-${micros(st.ctimeMs)}`;
    // The bundles are ASCII (scripts/bundle.js): read as Latin-1, without UTF-8 decoding.
    source = readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  let dir;
  try {
    dir = join(process.env.XDG_CACHE_HOME || join(require('node:os').homedir(), '.cache'), 'kf', 'v8-code');
  } catch {
    dir = undefined; // no home directory: no cache
  }
  const useCache = process.env.KF_NO_COMPILE_CACHE !== '1' && dir !== undefined;
  const suffix = `-${process.version}-${process.arch}-${identity}-${source.length}.bin`;
  let cached;
  if (useCache) {
    try {
      cached = readFileSync(join(dir, use + suffix));
    } catch {
      cached = undefined;
    }
  }
  // No import() runs in a bundle (scripts/bundle.js checks): packages come through kf.import, above.
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, require, module, file, join(file, '..'));
  return {
    exports: module.exports,
    // Written after the run, so the functions it compiled are in the cache too.
    done() {
      if (useCache && (cached === undefined || script.cachedDataRejected))
        writeCodeCache(dir, use, suffix, script);
      for (const lazy of lazyBundles.splice(0)) lazy.done();
    },
  };
}

function writeCodeCache(dir, use, suffix, script) {
  const name = use + suffix;
  const fs = require('node:fs');
  try {
    makeDirs(fs, dir);
    // Caches of other kf or Node versions go.
    for (const old of fs.readdirSync(dir))
      if (old.startsWith(`${use}-`) && old !== name) fs.rmSync(join(dir, old), { force: true });
    const temp = join(dir, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, join(dir, name));
  } catch {
    // A cache that cannot be written is only slower.
  }
}

/**
 * `mkdir -p` as src/util/make-dirs.ts does it (this file cannot import dist/): Node 20's recursive
 * mkdirSync never returns where a folder cannot be made although its parent exists, as under /proc
 * (XDG_CACHE_HOME=/proc/…: every kf command hung).
 */
function makeDirs(fs, dir) {
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    if (error.code === 'EEXIST') return; // a file there fails the write that follows
    const parent = join(dir, '..');
    if (error.code !== 'ENOENT' || parent === dir || fs.existsSync(parent)) throw error;
    makeDirs(fs, parent);
    fs.mkdirSync(dir);
  }
}

async function runFastCommand() {
  let id;
  let bundle;
  let fast;
  try {
    id = require('../dist/fast/ids.cjs').fastCommandId(args);
  } catch {
    id = null; // not bundled
  }
  if (id === undefined) return false;
  if (id !== null) bundle = loadBundle('dist/fast/commands.cjs', `fast-${id.replaceAll(':', '.')}`);
  if (bundle !== undefined) fast = bundle.exports;
  else {
    // An unbundled build (e.g. tsc alone): the runner and the commands as compiled.
    try {
      const runner = await import('../dist/cli/fast-run.js');
      fast = {
        ...runner,
        load: (commandId) => import(`../dist/commands/${commandId.replaceAll(':', '/')}.js`),
      };
    } catch {
      return false;
    }
    if (fast.fastCommandId(args) === undefined) return false;
  }
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const ran = await fast.runFast(args, pkg.version, fast.load);
  if (bundle !== undefined) bundle.done();
  return ran;
}

async function runOclif() {
  const { execute, settings } = await import('@oclif/core');
  // Always the compiled dist/: with NODE_ENV=development|test oclif would otherwise look for
  // TypeScript sources and warn that typescript is missing in an installed kf.
  settings.enableAutoTranspile = false;
  // From the package root: bin/package.json (which only makes this file CommonJS) is not kf's.
  await execute({ dir: join(root, 'package.json') });
}
