// One lock per app, held by every command that changes it (app.yaml, params files, kf.lock,
// vendor/): parallel kf runs take turns instead of losing each other's updates.
//
// The lock is a file created with O_EXCL holding the owner's pid, host and a nonce. A lock whose
// owner process is gone (kill -9, power loss) is broken at once; a live owner is waited for, up
// to a bounded time, then the command fails with a clear message. Hand-written instead of
// proper-lockfile: its staleness is mtime-based (a kill -9 blocks others for the whole stale
// period, and a synchronous step longer than that period loses the lock), while kf's edits are
// synchronous and a crashed owner must not hold up the rerun.
import {
  closeSync,
  existsSync,
  rmdirSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import { LOCAL_STATE_DIR } from './current-env.js';
import { nodeCrypto } from '../jsonnet/lazy-builtin.js';

export const LOCK_FILE = 'lock';
/** How long a command waits for another kf to finish; KF_LOCK_TIMEOUT (seconds) overrides it. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const HALF_WRITTEN_MS = 5_000;

interface Owner {
  pid: number;
  host: string;
  nonce: string;
  command: string;
  since: string;
}

export interface LockOptions {
  timeoutMs?: number;
  /** what the holder is doing, shown to whoever waits (e.g. "kf param set") */
  command?: string;
}

export function appLockFile(root: string): string {
  return join(root, LOCAL_STATE_DIR, LOCK_FILE);
}

/** Runs `fn` while holding the app's lock; the lock is released however `fn` ends. */
export async function withAppLock<T>(
  root: string,
  fn: () => T | Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const release = await acquireAppLock(root, options);
  try {
    return await fn();
  } finally {
    release();
  }
}

export async function acquireAppLock(root: string, options: LockOptions = {}): Promise<() => void> {
  const file = appLockFile(root);
  const stateDir = join(root, LOCAL_STATE_DIR);
  // A command that fails leaves the app as it was: a .kf/ made only for the lock goes again.
  const madeStateDir = !existsSync(stateDir);
  const timeoutMs = options.timeoutMs ?? envTimeout() ?? DEFAULT_LOCK_TIMEOUT_MS;
  const owner: Owner = {
    pid: process.pid,
    host: hostname(),
    nonce: nodeCrypto().randomBytes(8).toString('hex'),
    command: options.command ?? process.argv.slice(2, 4).join(' '),
    since: new Date().toISOString(),
  };
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    if (tryCreate(file, owner)) {
      return () => {
        release(file, owner);
        if (madeStateDir) removeIfEmpty(stateDir);
      };
    }
    const holder = readOwner(file);
    if (holder === 'unreadable' && olderThan(file, HALF_WRITTEN_MS)) {
      breakStale(file, undefined);
      continue;
    }
    if (holder !== 'gone' && holder !== 'unreadable' && isStale(holder)) {
      breakStale(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const who =
        holder === 'gone' || holder === 'unreadable'
          ? ''
          : ` (pid ${holder.pid}${holder.command ? `, kf ${holder.command}` : ''}, since ${holder.since})`;
      throw new UserError(
        `another kf is changing this app${who}; gave up after ${Math.round(timeoutMs / 1000)}s`,
        {
          location: { file },
          hint: 'wait for it to finish and run the command again; if no kf is running, delete the lock file',
        },
      );
    }
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 200);
  }
}

function envTimeout(): number | undefined {
  const text = process.env.KF_LOCK_TIMEOUT;
  if (text === undefined || text === '') return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new UserError(`KF_LOCK_TIMEOUT must be a number of seconds, found '${text}'`, { exitCode: 2 });
  }
  return seconds * 1000;
}

function tryCreate(file: string, owner: Owner): boolean {
  let fd: number | undefined;
  for (let attempt = 0; fd === undefined; attempt++) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      fd = openSync(file, 'wx', 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      // .kf/ removed by a holder that made it, between our mkdir and open: make it again.
      if (code === 'ENOENT' && attempt < 10) continue;
      throw lockIoError(file, error);
    }
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The holder, 'gone' when the lock vanished meanwhile, 'unreadable' while its owner is still writing it. */
function readOwner(file: string): Owner | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw lockIoError(file, error);
  }
  try {
    const owner = JSON.parse(text) as Owner;
    return typeof owner.pid === 'number' && typeof owner.nonce === 'string' ? owner : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Only a lock of this host whose process is gone is stale; other hosts' locks are waited for. */
function isStale(holder: Owner): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves the stale lock aside and checks it is the one judged stale; if a live owner's lock was
 * moved instead (another waiter broke the stale one first and took the lock), it is put back.
 */
function breakStale(file: string, stale: Owner | undefined): void {
  const aside = `${file}.stale-${nodeCrypto().randomBytes(6).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw lockIoError(file, error);
  }
  const moved = readOwner(aside);
  if (moved !== 'gone' && moved !== 'unreadable' && moved.nonce !== stale?.nonce) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone created a new lock in between; the live owner keeps running unaware.
    }
  }
  rmSync(aside, { force: true });
}

/** A lock file an owner died writing (killed between create and write) stays unreadable. */
function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty (another kf's lock, the cache, current-env): stays
  }
}

function release(file: string, owner: Owner): void {
  const current = readOwner(file);
  if (current !== 'gone' && current !== 'unreadable' && current.nonce === owner.nonce)
    rmSync(file, { force: true });
}

function lockIoError(file: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserError(`cannot create the app lock ${file}: permission denied`, {
      hint: 'kf needs to write the app directory to change it',
      cause: error,
    });
  }
  return error as Error;
}
