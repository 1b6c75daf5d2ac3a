// Imports an npm package that is an ES module (execa, tar, @kubernetes/client-node) at run time.
//
// bin/run.js runs kf's bundles as a vm.Script compiled with a V8 code cache. A dynamic import() in
// such a script needs a host callback that Node 20 only offers experimentally, and a script compiled
// from a cache loses it ("A dynamic import callback was not specified"). So bin/run.js, an ordinary
// module of Node's loader, registers an import function under Symbol.for('kf.import') before it
// loads a bundle, and this helper uses it; elsewhere (the unbundled build, tests, kf as a library)
// a plain import() is used. scripts/bundle.js fails the build when a bundle keeps an import() of a
// package.

type Importer = (specifier: string) => Promise<unknown>;

const importer = Symbol.for('kf.import');

/** The package's module namespace: `importPackage<typeof import('tar')>('tar')`. */
export async function importPackage<T>(specifier: string): Promise<T> {
  const viaEntry = (globalThis as Record<symbol, Importer | undefined>)[importer];
  return (await (viaEntry === undefined ? import(specifier) : viaEntry(specifier))) as T;
}
