export const MIRROR: string;
export const REALWORLD_DIR: string;
export function ensureRealworld(options?: { force?: boolean }): { root: string } | undefined;
