// kf's exit codes beyond 0 (success), 1 (error) and 2 (usage error); the README's table lists them.

/** `kf diff`, `kf param diff`, `kf export --check`: what was compared differs. */
export const DIFF_EXIT_CODE = 3;
