// Pipeline step (before evaluation): the components `-c` asks for, among those the environment
// renders, so only those are evaluated and a broken component elsewhere cannot block the command.
import type { Component } from '../../app/app.js';
import { UserError, didYouMean } from '../../errors.js';

/**
 * `requested` (or every one when absent) of `available`, the environment's components; `all` is
 * every component of the app, to tell a name the environment leaves out from one that is no component.
 */
export function selectComponents(
  available: Component[],
  requested: string[] | undefined,
  all: Component[],
  envName: string,
): Component[] {
  if (requested === undefined || requested.length === 0) return available;
  const byName = new Map(available.map((c) => [c.name, c]));
  for (const name of requested) {
    if (byName.has(name)) continue;
    if (all.some((c) => c.name === name)) {
      throw new UserError(`environment '${envName}' does not render component '${name}'`, {
        hint: `its components list in app.yaml leaves it out; change it with 'kf env set ${envName} --components …'`,
      });
    }
    throw new UserError(`unknown component '${name}'`, {
      hint:
        didYouMean(
          name,
          all.map((c) => c.name),
        ) ??
        (all.length === 0
          ? "the app has no components; create one with 'kf generate'"
          : "see 'kf component list'"),
    });
  }
  const wanted = new Set(requested);
  return available.filter((c) => wanted.has(c.name));
}
