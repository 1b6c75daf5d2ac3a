export const MIRROR: string;
export const REALWORLD_DIR: string;
export interface RealworldProgram {
  name: string;
  cwd: string;
  args: string[];
  multi: boolean;
  outDirs: string[];
  expectError: boolean;
  /** Another engine's test input: kf must succeed or fail as go-jsonnet did. */
  followGo: boolean;
  note: string;
}
export interface RealworldManifest {
  root: string;
  pins: Record<string, string>;
  programs: RealworldProgram[];
  notes: string[];
}
export function ensureRealworld(options?: { force?: boolean }): RealworldManifest | undefined;
export function ensureExpected(
  manifest: RealworldManifest,
  goBin: string,
  options?: { timeoutS?: number },
): Promise<number>;
