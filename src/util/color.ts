// Whether kf colours what it writes to a stream: FORCE_COLOR (any value but 0/false) forces it on,
// NO_COLOR (any non-empty value, https://no-color.org) forces it off, otherwise only a terminal
// that is not TERM=dumb gets colour.
import pc from 'picocolors';

export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Record<string, string | undefined> = process.env,
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (force !== undefined) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export type Colors = ReturnType<typeof pc.createColors>;

/** picocolors functions that colour only when `colorEnabled(stream)`. */
export function colorsFor(stream: { isTTY?: boolean }, env?: Record<string, string | undefined>): Colors {
  return pc.createColors(colorEnabled(stream, env));
}
