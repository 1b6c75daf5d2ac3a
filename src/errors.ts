// The one error type for failures caused by the user's input or environment.
// Commands print it as a single line (see base-command.ts); anything else is a bug.

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export class UserError extends Error {
  readonly location?: Location;
  readonly hint?: string;
  /** Process exit code; 1 for ordinary user errors, 2 for usage errors. */
  readonly exitCode: number;

  constructor(
    message: string,
    options: { location?: Location; hint?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.location = options.location;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }

  /** `file:line:col: message (hint)` — the single line a command prints. */
  format(): string {
    let text = this.message;
    if (this.location) text = `${formatLocation(this.location)}: ${text}`;
    if (this.hint) text += ` (${this.hint})`;
    return text;
  }
}

/** `file:line:col`, or as much of it as is known. */
export function formatLocation({ file, line, column }: Location): string {
  return line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Suggests the closest candidate for a misspelt name, for "did you mean" hints. */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const match = closestMatch(name, candidates);
  return match === undefined ? undefined : `did you mean '${match}'?`;
}

/** Levenshtein distance: insertions, deletions and substitutions of one UTF-16 unit. */
export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(
        previous[j] + 1,
        previous[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length];
}
