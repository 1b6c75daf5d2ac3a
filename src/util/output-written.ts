// Node writes to a pipe whose reader is behind (a CI log, `| less`) asynchronously: what does not
// fit stays queued in the stream, and process.exit() drops it. Commands that end with an exit code
// (oclif's this.exit, which process.exit()s in its error handler) wait for this first.

/** Resolves once stdout and stderr have handed everything written so far to the system. */
export async function outputWritten(): Promise<void> {
  await Promise.all([written(process.stdout), written(process.stderr)]);
}

function written(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed || stream.writableEnded) return Promise.resolve();
  // Writes complete in order: the callback of an empty one comes after every write before it
  // (with an error instead if the reader has gone: nothing more will be written then either).
  return new Promise((resolve) => stream.write('', () => resolve()));
}
