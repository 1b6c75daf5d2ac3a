// The handful of API calls kf makes on objects: server-side apply, get, metadata-only list and
// delete. Everything above this file works with KubeObjects and ResourceMappings, not URLs.
import { isNotFound } from './api-error.js';
import type { ClusterClient } from './client.js';
import { objectPath, type ResourceMapping } from './discovery.js';
import type { KubeObject } from '../kube-object.js';

export const FIELD_MANAGER = 'kf';

export interface ServerSideApplyOptions {
  force?: boolean;
  dryRun?: boolean;
}

export async function serverSideApply(
  client: ClusterClient,
  mapping: ResourceMapping,
  object: KubeObject,
  options: ServerSideApplyOptions = {},
): Promise<{ created: boolean; object: KubeObject }> {
  const response = await client.request<KubeObject>({
    method: 'PATCH',
    path: objectPath(mapping, object.metadata.namespace, object.metadata.name),
    query: {
      fieldManager: FIELD_MANAGER,
      force: options.force ? 'true' : undefined,
      dryRun: options.dryRun ? 'All' : undefined,
    },
    // JSON is YAML, and the apply-patch content type accepts both.
    body: JSON.stringify(object),
    contentType: 'application/apply-patch+yaml',
  });
  return { created: response.status === 201, object: response.body };
}

export async function getObject(
  client: ClusterClient,
  mapping: ResourceMapping,
  namespace: string | undefined,
  name: string,
): Promise<KubeObject | undefined> {
  try {
    return (await client.request<KubeObject>({ method: 'GET', path: objectPath(mapping, namespace, name) }))
      .body;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Lists objects as PartialObjectMetadata (names, labels, resourceVersions — no specs). */
export async function listMetadata(
  client: ClusterClient,
  mapping: ResourceMapping,
  namespace: string | undefined,
  labelSelector?: string,
): Promise<KubeObject[]> {
  return listObjects(client, mapping, namespace, { labelSelector, metadataOnly: true });
}

/** Every object of a resource (in a namespace), whole or (metadataOnly) metadata only, page by page. */
export async function listObjects(
  client: ClusterClient,
  mapping: ResourceMapping,
  namespace: string | undefined,
  options: { labelSelector?: string; metadataOnly?: boolean } = {},
): Promise<KubeObject[]> {
  const { labelSelector, metadataOnly } = options;
  const items: KubeObject[] = [];
  let continueToken: string | undefined;
  do {
    const { body } = await client.request<{ items: KubeObject[]; metadata?: { continue?: string } }>({
      method: 'GET',
      path: objectPath(mapping, namespace),
      query: { labelSelector, limit: '500', continue: continueToken },
      accept: metadataOnly
        ? 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json'
        : 'application/json',
    });
    for (const item of body.items ?? []) {
      const { group, version, kind } = mapping.gvk;
      items.push({ ...item, apiVersion: group === '' ? version : `${group}/${version}`, kind });
    }
    continueToken = body.metadata?.continue || undefined;
  } while (continueToken);
  return items;
}

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** Deletes one object; 'gone' when it did not exist (already deleted is fine). */
export async function deleteObject(
  client: ClusterClient,
  mapping: ResourceMapping,
  namespace: string | undefined,
  name: string,
  options: { propagation?: Propagation; dryRun?: boolean; uid?: string } = {},
): Promise<'deleted' | 'gone'> {
  try {
    await client.request({
      method: 'DELETE',
      path: objectPath(mapping, namespace, name),
      // In the body: with a DeleteOptions body the API server ignores the query's dryRun (and
      // deletes).
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: options.propagation ?? 'Background',
        ...(options.dryRun ? { dryRun: ['All'] } : {}),
        ...(options.uid ? { preconditions: { uid: options.uid } } : {}),
      },
    });
    return 'deleted';
  } catch (error) {
    if (isNotFound(error)) return 'gone';
    throw error;
  }
}
