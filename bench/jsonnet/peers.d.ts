export const goBinDir: string;
export function log(line: string): void;
export function ensureGoJsonnet(command?: string): string | undefined;
export function median(xs: number[]): number;
