// Parses --timeout values the kubectl way: "90s", "5m", "1h30m", "500ms"; a bare number is seconds.
import { UserError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(text: string, flag = '--timeout'): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw new UserError(`invalid duration '${text}' for ${flag}`, {
      hint: 'use e.g. 90s, 5m or 1h30m',
      exitCode: 2,
    });
  }
  return Math.round(parts.reduce((total, p) => total + Number(p[1]) * UNITS[p[2]], 0));
}
