// Pipeline step (after evaluation): the objects `-t` / `--target` asks for, with Grafana Tanka's
// rules (pkg/process/filter.go), so a `tk show -t …` line works unchanged: each expression is a
// regular expression over `<kind>/<name>`, matched case-insensitively and anchored as Tanka anchors
// it (`^` + expression + `$`, without a group, so `a|b` is `^a` or `b$` as there). An object is
// kept when no `!expression` matches it and, if there are expressions without `!`, one of them does.
// (Tanka ignores those others as soon as one `!expression` is given — its NegMatcher matches every
// string — so `-t 'deployment/.*' -t '!deployment/x'` keeps every object but deployment/x there;
// kf keeps the deployments but x, which is what the line says.)
import { UserError } from '../../errors.js';
import type { KubeObject } from '../../kube-object.js';

/** Whether an object, by kind and name, is one the targets select. */
export type ObjectSelector = (kind: string, name: string) => boolean;

export function compileTargets(expressions: readonly string[] | undefined): ObjectSelector | undefined {
  if (expressions === undefined || expressions.length === 0) return undefined;
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const raw of expressions) {
    const negated = raw.startsWith('!');
    const source = negated ? raw.slice(1) : raw;
    let regexp: RegExp;
    try {
      regexp = new RegExp(`^${source}$`, 'i');
    } catch (error) {
      throw new UserError(
        `--target '${raw}' is not a valid regular expression: ${(error as Error).message}`,
        {
          hint: "it is matched against '<kind>/<name>', e.g. -t 'deployment/.*' or -t '!secret/.*'",
          exitCode: 2,
        },
      );
    }
    (negated ? exclude : include).push(regexp);
  }
  return (kind, name) => {
    const kindName = `${kind}/${name}`;
    if (exclude.some((r) => r.test(kindName))) return false;
    return include.length === 0 || include.some((r) => r.test(kindName));
  };
}

export function selectTargets<T extends { object: KubeObject }>(
  objects: T[],
  selector: ObjectSelector | undefined,
): T[] {
  if (selector === undefined) return objects;
  return objects.filter(({ object }) => selector(object.kind, object.metadata.name ?? ''));
}
