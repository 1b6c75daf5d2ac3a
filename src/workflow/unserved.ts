// The step apply takes before sending anything: objects whose apiVersion the cluster does not
// serve stop the run, each named with its component file, what the cluster serves instead and
// what to do. Half an app applied (Services without their Deployments) is worse than none.
import { RestMapper } from '../cluster/discovery.js';
import type { Connection } from '../cluster/kubeconfig.js';
import {
  componentLabel,
  describeCluster,
  describeUnserved,
  findUnserved,
  servingCluster,
  type Unserved,
} from '../cluster/served.js';
import { formatLocation, UserError } from '../errors.js';
import { describeObject, groupKindString, kubectlRef } from '../kube-object.js';
import { apiVersionLocations } from './places.js';
import { kindsDefinedByCrds, planEntries } from '../cluster/apply-plan.js';
import type { EventSink } from './events.js';
import type { RenderedTarget } from './target.js';
import { counted } from '../util/plural.js';

/**
 * Throws (after one `note` per object) when any object of the target has an apiVersion the
 * cluster does not serve; returns quietly otherwise. `outcome` says what that meant: "nothing was applied".
 */
export async function refuseUnserved(
  connection: Connection,
  target: RenderedTarget,
  emit: EventSink,
  outcome: string,
): Promise<void> {
  const unserved = await findUnserved(new RestMapper(connection.client), target.plan);
  if (unserved.length === 0) return;
  const cluster = await servingCluster(connection);
  const locations = apiVersionLocations(
    target,
    unserved.map((u) => u.object),
  );
  if (unserved.length === 1) {
    const [only] = unserved as [Unserved];
    const { message, hint } = describeUnserved(only, cluster);
    const location = locations.get(only.object);
    throw new UserError(
      `${describeObject(only.object)} (component ${only.component}): ${message}; ${outcome}`,
      { hint: withOthers(hint, target, unserved), ...(location ? { location } : {}) },
    );
  }
  for (const u of unserved) {
    const { message, hint } = describeUnserved(u, cluster);
    const location = locations.get(u.object);
    emit({
      type: 'unserved',
      message: `NOT SERVED ${kubectlRef(u.object)} (${componentLabel(u.component, location && formatLocation(location))}): ${message} (${hint})`,
    });
  }
  const total = target.objects.length;
  throw new UserError(
    `${unserved.length} of ${counted(total, 'object')} ${unserved.length === 1 ? 'has' : 'have'} an apiVersion ${describeCluster(cluster)} does not serve (listed above); ${outcome}`,
    { hint: withOthers('change each as its line says', target, unserved) },
  );
}

/** The hint, plus how to apply only the components that are servable as they are. */
function withOthers(hint: string, target: RenderedTarget, unserved: readonly Unserved[]): string {
  // Objects of a kind an unserved CRD defines cannot be applied either until that CRD is fixed.
  const kindsOfUnservedCrds = kindsDefinedByCrds(unserved.map((u) => u.object));
  const blocked = new Set([
    ...unserved.map((u) => u.component),
    ...planEntries(target.plan)
      .filter((e) => kindsOfUnservedCrds.has(groupKindString(e.gvk)))
      .map((e) => e.component),
  ]);
  const servable = [...new Set(target.objects.map((o) => o.component))].filter((c) => !blocked.has(c));
  if (servable.length === 0) return hint;
  return `${hint}; or apply the components that are servable as they are: kf apply ${target.envName} ${servable.map((c) => `-c ${c}`).join(' ')}`;
}
