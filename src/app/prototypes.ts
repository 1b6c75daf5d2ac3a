// Finds prototypes: kf's built-in generic ones (prototypes/ in the kf package), then those of
// every installed package (vendor/<registry>/<pkg>@<version>/prototypes/**.jsonnet). Names are
// looked up exactly or by unique suffix (`tf-cnn` → `io.ksonnet.pkg.tf-cnn`).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, didYouMean } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { compareCodePoints, type App } from './app.js';
import { parsePrototype, type Prototype, type PrototypeSource } from './prototype.js';

export function builtinPrototypeDir(): string {
  return join(packageRoot(), 'prototypes');
}

/**
 * vendor/<registry>/<pkg>@<version>/; ksonnet ≤ 0.11 (and ksonnet apps with an empty version)
 * vendored to vendor/<registry>/<pkg>/ without a version, which is used when it is the one present.
 */
export function vendorPackageDir(root: string, registry: string, pkg: string, version: string): string {
  const versioned = join(root, 'vendor', registry, `${pkg}@${version}`);
  if (version !== '' && existsSync(versioned)) return versioned;
  const plain = join(root, 'vendor', registry, pkg);
  return existsSync(plain) ? plain : versioned;
}

/** A prototype file whose header does not parse: left out of the list, its error kept. */
export interface BrokenPrototype {
  /** its @name when that line reads, else the file's name */
  name: string;
  error: UserError;
}

/**
 * Every prototype. A file whose header does not parse is left out and reported in `broken` (when
 * given): one broken prototype of one package does not stop the others from being listed or used.
 */
export function listPrototypes(app: App | undefined, broken: BrokenPrototype[] = []): Prototype[] {
  const found: Prototype[] = [...readPrototypeDir(builtinPrototypeDir(), { kind: 'builtin' }, broken)];
  if (app !== undefined) {
    for (const key of Object.keys(app.spec.libraries).sort(compareCodePoints)) {
      const lib = app.spec.libraries[key];
      const dir = join(vendorPackageDir(app.root, lib.registry, lib.name, lib.version), 'prototypes');
      found.push(
        ...readPrototypeDir(
          dir,
          { kind: 'package', registry: lib.registry, pkg: lib.name, version: lib.version },
          broken,
        ),
      );
    }
  }
  return found;
}

function readPrototypeDir(dir: string, source: PrototypeSource, broken: BrokenPrototype[]): Prototype[] {
  if (!existsSync(dir)) return [];
  const out: Prototype[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      compareCodePoints(a.name, b.name),
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.jsonnet')) {
        const text = readFileSync(path, 'utf8');
        try {
          out.push(parsePrototype(text, path, source));
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          const name = /^\s*\/\/\s*@name\s+(\S+)/m.exec(text)?.[1] ?? entry.name.replace(/\.jsonnet$/, '');
          broken.push({ name, error });
        }
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Exact name, else the unique prototype whose name ends with `.<query>` (or `-<query>`). A query
 * that only a broken prototype answers gets that prototype's error.
 */
export function findPrototype(
  prototypes: Prototype[],
  query: string,
  broken: readonly BrokenPrototype[] = [],
): Prototype {
  try {
    return findAmong(prototypes, query);
  } catch (error) {
    const named = broken.find(
      (b) => b.name === query || b.name.endsWith(`.${query}`) || b.name.endsWith(`-${query}`),
    );
    throw named === undefined ? error : named.error;
  }
}

/** findPrototype among the app's prototypes (kf's own without an app). */
export function findAppPrototype(app: App | undefined, query: string): Prototype {
  const broken: BrokenPrototype[] = [];
  return findPrototype(listPrototypes(app, broken), query, broken);
}

function findAmong(prototypes: Prototype[], query: string): Prototype {
  const exact = prototypes.filter((p) => p.name === query);
  if (exact.length === 1) return exact[0];
  const suffix = (p: Prototype, q: string) => p.name === q || p.name.endsWith(`.${q}`);
  let matches = exact.length > 1 ? exact : prototypes.filter((p) => suffix(p, query));
  // ksonnet's `configMap` vs `configmap`: fall back to a case-insensitive suffix.
  if (matches.length === 0)
    matches = prototypes.filter((p) => suffix({ ...p, name: p.name.toLowerCase() }, query.toLowerCase()));
  // ksonnet matched by plain suffix: `core` finds io.ksonnet.pkg.kubeflow-core when unique.
  if (matches.length === 0) matches = prototypes.filter((p) => p.name.endsWith(`-${query}`));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new UserError(`prototype name '${query}' is ambiguous`, {
      hint: `use the full name: ${matches.map((p) => `${p.name} (${describeSource(p)})`).join(', ')}`,
      exitCode: 2,
    });
  }
  const shortNames = prototypes.map((p) => p.name.split('.').pop() ?? p.name);
  const partial = prototypes.filter((p) => p.name.includes(query)).map((p) => p.name);
  throw new UserError(`unknown prototype '${query}'`, {
    hint:
      didYouMean(query, shortNames) ??
      (partial.length > 0 ? `partial matches: ${partial.join(', ')}` : "see 'kf prototype list'"),
  });
}

export function describeSource(prototype: Prototype): string {
  return prototype.source.kind === 'builtin'
    ? 'builtin'
    : `${prototype.source.registry}/${prototype.source.pkg}@${prototype.source.version}`;
}

export function shortName(prototype: Prototype): string {
  return prototype.name.replace(/^io\.ksonnet\.pkg\./, '');
}

/** One warning line per prototype left out of a list (kf prototype list, search). */
export function brokenPrototypeWarnings(broken: readonly BrokenPrototype[]): string {
  return broken
    .map(
      (b) => `kf: warning: ${b.error.format()}; prototype ${b.name} is left out until its header is fixed\n`,
    )
    .join('');
}
