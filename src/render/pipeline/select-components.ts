// Pipeline step (before evaluation): the components `-c` asks for, so only those are evaluated
// and a broken component elsewhere cannot block the command.
import type { Component } from '../../app/app.js';
import { UserError, didYouMean } from '../../errors.js';

export function selectComponents(all: Component[], requested: string[] | undefined): Component[] {
  if (requested === undefined || requested.length === 0) return all;
  const byName = new Map(all.map((c) => [c.name, c]));
  for (const name of requested) {
    if (!byName.has(name)) {
      throw new UserError(`unknown component '${name}'`, {
        hint:
          didYouMean(name, byName.keys()) ??
          (all.length === 0
            ? "the app has no components; create one with 'kf generate'"
            : "see 'kf component list'"),
      });
    }
  }
  const wanted = new Set(requested);
  return all.filter((c) => wanted.has(c.name));
}
