// Stands in for @oclif/core's config module (plugin discovery, manifest and package.json loading,
// with minimatch, tinyglobby and lilconfig behind it) in the start-up bundle: a fast-path command
// is constructed with the minimal config of fast-run.ts, and Command only needs Config in its
// static run(), which the fast path never calls.
export class Config {
  static async load(): Promise<never> {
    throw new Error("oclif's Config is not loaded on kf's start-up fast path");
  }
}
