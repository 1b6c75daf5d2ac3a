// Where the app writes what a message about a rendered object is about (render/locate.ts): the
// line of its apiVersion for NOT SERVED, of a field the API server rejected for a failed apply.
import { relative } from 'node:path';
import { formatLocation, type Location } from '../errors.js';
import type { KubeObject, PathSegment } from '../kube-object.js';
import { locateFields } from '../render/locate.js';
import { fieldSegments } from '../render/validate-errors.js';
import type { RenderedTarget } from './target.js';

type Target = Pick<RenderedTarget, 'app' | 'envName' | 'objects' | 'render'>;

/**
 * For each request, where the app writes that field of that object, else the object's component
 * file. The objects may be the cluster step's copies (namespace placed, labels added).
 */
export function fieldLocations(
  target: Target,
  requests: readonly { object: KubeObject; field: readonly PathSegment[] }[],
): (Location | undefined)[] {
  const same = (a: KubeObject, b: KubeObject) =>
    a.apiVersion === b.apiVersion && a.kind === b.kind && a.metadata.name === b.metadata.name;
  const rendered = requests.map(({ object }) => {
    const candidates = target.objects.filter((o) => same(o.object, object));
    return candidates.find((o) => o.object.metadata.namespace === object.metadata.namespace) ?? candidates[0];
  });
  const found = rendered.some((r) => r !== undefined)
    ? locateFields(
        target.app,
        target.envName,
        requests.flatMap((request, i) => {
          const object = rendered[i];
          return object === undefined ? [] : [{ object, field: request.field }];
        }),
        target.render,
      )
    : [];
  let next = 0;
  return rendered.map((object) => {
    if (object === undefined) return undefined;
    const location = found[next++];
    const file = target.app.components.find((c) => c.name === object.component)?.file;
    return location ?? (file === undefined ? undefined : { file: relative(target.app.root, file) });
  });
}

/**
 * Where each object's apiVersion is written in the app (`vendor/kubeflow/seldon/crd.libsonnet:258:19`),
 * else its component's file: the line a NOT SERVED message sends the user to.
 */
export function apiVersionLocations(
  target: Target,
  objects: readonly KubeObject[],
): Map<KubeObject, Location> {
  const found = fieldLocations(
    target,
    objects.map((object) => ({ object, field: ['apiVersion'] })),
  );
  const locations = new Map<KubeObject, Location>();
  objects.forEach((object, i) => {
    const location = found[i];
    if (location !== undefined) locations.set(object, location);
  });
  return locations;
}

/** apiVersionLocations as `file:line:col` text, for the messages of diff and validate --server. */
export function apiVersionPlaces(
  target: Target,
): (objects: readonly KubeObject[]) => Map<KubeObject, string> {
  return (objects) =>
    new Map(
      [...apiVersionLocations(target, objects)].map(([object, location]) => [
        object,
        formatLocation(location),
      ]),
    );
}

/**
 * Where the first field the API server named in rejecting `object` is written (`spec.ports[0].port`,
 * Kubernetes' field path), as `file:line:col`; undefined when it names none.
 */
export function rejectedFieldPlace(
  target: Target,
  object: KubeObject,
  fields: readonly string[],
): string | undefined {
  const [first] = fields;
  if (first === undefined) return undefined;
  const [location] = fieldLocations(target, [{ object, field: fieldSegments(first) }]);
  return location === undefined ? undefined : formatLocation(location);
}
