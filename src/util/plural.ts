// A count and its noun in the right number, for the summary lines kf prints ("1 object", "2 objects").

/** `word` for one, `many` (word + s unless given) for any other count. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/** "1 object", "0 objects", "12 objects". */
export function counted(n: number, word: string, many?: string): string {
  return `${n} ${plural(n, word, many)}`;
}
