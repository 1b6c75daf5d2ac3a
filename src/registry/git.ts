// Fetches one commit of a git repository shallowly with the `git` command (no hosting-provider
// API, so no rate limits): `git init` + `git fetch --depth 1 <url> <ref>` + checkout.
import type { ExecaError } from 'execa';
import { UserError } from '../errors.js';
import { importPackage } from '../util/import-package.js';

const GIT_TIMEOUT_MS = 300_000;

/** Checks out `ref` (tag, branch or commit; default: the remote HEAD) of `url` into the new folder `destination`; returns the commit sha. */
export async function fetchGitCommit(url: string, ref: string | undefined, destination: string): Promise<string> {
  const where = `${url}${ref ? ` at ${ref}` : ''}`;
  await git(['init', '--quiet', destination], where);
  await git(['-C', destination, 'fetch', '--quiet', '--depth', '1', '--no-tags', url, ref ?? 'HEAD'], where);
  await git(['-C', destination, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', 'FETCH_HEAD'], where);
  return (await git(['-C', destination, 'rev-parse', 'HEAD^{commit}'], where)).trim();
}

export async function git(args: string[], where: string): Promise<string> {
  // Loaded when a git registry is fetched, not by every command that loads this module.
  const { execa } = await importPackage<typeof import('execa')>('execa');
  try {
    const result = await execa('git', args, {
      timeout: GIT_TIMEOUT_MS,
      stdin: 'ignore',
      env: { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' },
    });
    return result.stdout;
  } catch (error) {
    const failure = error as ExecaError;
    if ((failure as { code?: string }).code === 'ENOENT') {
      throw new UserError('git is not installed or not on PATH', { hint: 'install git to use git registries' });
    }
    if (failure.timedOut) throw new UserError(`cannot fetch ${where}: git timed out`, { hint: 'check the URI and your network' });
    const stderr = String(failure.stderr ?? '')
      .split('\n')
      .map((l) => l.replace(/^(fatal|error):\s*/, '').trim())
      .filter(Boolean);
    throw new UserError(`cannot fetch ${where}: ${stderr[0] ?? failure.shortMessage}`, {
      hint: 'check the repository URL and ref (tag, branch or commit)',
    });
  }
}
