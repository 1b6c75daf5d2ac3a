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

export function listPrototypes(app: App | undefined): Prototype[] {
  const found: Prototype[] = [...readPrototypeDir(builtinPrototypeDir(), { kind: 'builtin' })];
  if (app !== undefined) {
    for (const key of Object.keys(app.spec.libraries).sort(compareCodePoints)) {
      const lib = app.spec.libraries[key];
      const dir = join(vendorPackageDir(app.root, lib.registry, lib.name, lib.version), 'prototypes');
      found.push(
        ...readPrototypeDir(dir, {
          kind: 'package',
          registry: lib.registry,
          pkg: lib.name,
          version: lib.version,
        }),
      );
    }
  }
  return found;
}

function readPrototypeDir(dir: string, source: PrototypeSource): Prototype[] {
  if (!existsSync(dir)) return [];
  const out: Prototype[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      compareCodePoints(a.name, b.name),
    )) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.jsonnet'))
        out.push(parsePrototype(readFileSync(path, 'utf8'), path, source));
    }
  };
  walk(dir);
  return out;
}

/** Exact name, else the unique prototype whose name ends with `.<query>` (or `-<query>`). */
export function findPrototype(prototypes: Prototype[], query: string): Prototype {
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
