// Starts server processes in their own process groups and guarantees they die with us:
// on stop, on normal exit, on SIGINT/SIGTERM, and (through a watchdog) when the owning
// Node process is killed outright.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ManagedProcess {
  readonly name: string;
  /** Process id; also the id of its process group (it was spawned detached). */
  readonly pid: number;
  readonly logFile: string;
  /** Set once the process has exited (only known for processes this Node process spawned). */
  exitCode(): number | null | undefined;
}

/**
 * Spawns `command` detached (a new process group led by the child), with stdout and
 * stderr appended to `logFile`. The child does not keep the event loop alive, so a
 * background `cluster:up` can exit and leave it running.
 */
export function spawnInGroup(
  name: string,
  command: string,
  args: readonly string[],
  logFile: string,
  env: NodeJS.ProcessEnv = process.env,
): ManagedProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env });
  closeSync(fd);
  let exit: number | null | undefined;
  child.on('exit', (code, signal) => {
    exit = code ?? (signal ? -1 : null);
  });
  child.on('error', () => {
    exit = -1;
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  child.unref();
  return { name, pid: child.pid, logFile, exitCode: () => exit };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) still answers kill(0).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM each group, wait up to `graceMs`, then SIGKILL whatever is left. */
export async function killGroups(pgids: readonly number[], graceMs = 1000): Promise<void> {
  for (const pgid of pgids) signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pgids.some(isAlive) && Date.now() < deadline) await sleep(50);
  for (const pgid of pgids) signalGroup(pgid, 'SIGKILL');
  const hardDeadline = Date.now() + 5000;
  while (pgids.some(isAlive) && Date.now() < hardDeadline) await sleep(20);
}

/**
 * A detached shell that polls `ownerPid` once a second; when the owner is gone (for
 * instance vitest was SIGKILLed and had no chance to clean up) it kills the groups and
 * removes `dir`. It mentions `dir` in its own command line so process scans find it.
 */
export function spawnWatchdog(ownerPid: number, pgids: readonly number[], dir: string): ManagedProcess {
  const script =
    'owner=$1; dir=$2; shift 2; ' +
    // An exited owner may linger as a zombie until its parent reaps it: treat Z as gone. The
    // state is read with builtins only: a `$(...)` subshell would be a second process with this
    // command line (it mentions `dir`) for as long as its pipeline runs, every second.
    'while kill -0 "$owner" 2>/dev/null && read -r st 2>/dev/null </proc/$owner/stat && st=${st##*) } && [ "${st%% *}" != Z ]; do sleep 1; done; ' +
    // dash's kill takes no "--"; "-N" is process group N.
    'for g in "$@"; do kill -KILL "-$g" 2>/dev/null; done; rm -rf "$dir"';
  const child = spawn(
    'sh',
    ['-c', script, 'kf-cluster-watchdog', String(ownerPid), dir, ...pgids.map(String)],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  if (child.pid === undefined) throw new Error('could not start the control-plane watchdog');
  child.unref();
  return { name: 'watchdog', pid: child.pid, logFile: '/dev/null', exitCode: () => undefined };
}

/** Pids of live processes whose command line mentions `needle` (Linux /proc scan). */
export function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(needle) && isAlive(pid)) found.push(pid);
  }
  return found;
}

// Synchronous last-resort cleanup for exit and signals: registered groups are killed
// with SIGKILL and their directories removed.
const live = new Map<string, { pgids: number[]; dir: string }>();
let handlersInstalled = false;

function cleanupAllSync(): void {
  for (const { pgids, dir } of live.values()) {
    for (const pgid of pgids) signalGroup(pgid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAllSync();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  // Other listeners (vitest's own) have already run for this signal; without any,
  // re-raise so the default behaviour (and exit status) of the signal applies.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function registerForCleanup(key: string, pgids: number[], dir: string): void {
  live.set(key, { pgids, dir });
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupAllSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

export function unregisterForCleanup(key: string): void {
  live.delete(key);
}
