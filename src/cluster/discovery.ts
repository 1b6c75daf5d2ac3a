// REST mapping: which resource (URL segment) and scope a group/version/kind has on this server.
// Fetches only the group-versions it needs, caches them, and refetches once on a miss (a CRD
// applied earlier in the run makes a new kind appear).
import { UserError } from '../errors.js';
import { isNotFound } from './api-error.js';
import type { ClusterClient } from './client.js';
import type { GroupVersionKind, KubeObject } from '../kube-object.js';
import { groupVersionKind } from '../kube-object.js';
import type { Scope } from './apply-plan.js';

export interface ResourceMapping {
  resource: string;
  scope: Scope;
  gvk: GroupVersionKind;
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

export class RestMapper {
  private readonly cache = new Map<string, Promise<Map<string, ResourceMapping>>>();
  private everything?: Promise<Map<string, { group: string; version: string }[]>>;

  constructor(private readonly client: ClusterClient) {}

  private groupVersionPath(gvk: GroupVersionKind): string {
    return gvk.group === '' ? `/api/${gvk.version}` : `/apis/${gvk.group}/${gvk.version}`;
  }

  private load(gvk: GroupVersionKind, refresh: boolean): Promise<Map<string, ResourceMapping>> {
    const key = this.groupVersionPath(gvk);
    let entry = this.cache.get(key);
    if (!entry || refresh) {
      entry = this.client
        .request<ApiResourceList>({ method: 'GET', path: key })
        .then(({ body }) => {
          const kinds = new Map<string, ResourceMapping>();
          for (const r of body.resources) {
            if (r.name.includes('/')) continue; // subresources
            kinds.set(r.kind, {
              resource: r.name,
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              gvk: { ...gvk, kind: r.kind },
            });
          }
          return kinds;
        })
        .catch((error: unknown) => {
          if (isNotFound(error)) return new Map<string, ResourceMapping>();
          this.cache.delete(key);
          throw error;
        });
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** The mapping for `gvk`, or undefined when the server does not (yet) serve it. */
  async find(gvk: GroupVersionKind): Promise<ResourceMapping | undefined> {
    const hit = (await this.load(gvk, false)).get(gvk.kind);
    if (hit) return hit;
    return (await this.load(gvk, true)).get(gvk.kind);
  }

  async mapping(gvk: GroupVersionKind): Promise<ResourceMapping> {
    const found = await this.find(gvk);
    if (!found) {
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      throw new UserError(
        `the server ${this.client.server} does not serve kind ${gvk.kind} in ${apiVersion}`,
        {
          hint: 'check apiVersion/kind, or install the CustomResourceDefinition that defines it',
        },
      );
    }
    return found;
  }

  /** The mapping of a group-kind at the group's preferred version (for inventory entries), if served. */
  async findGroupKind(group: string, kind: string): Promise<ResourceMapping | undefined> {
    if (group === '') return this.find({ group, version: 'v1', kind });
    try {
      const { body } = await this.client.request<{
        preferredVersion?: { version: string };
        versions?: { version: string }[];
      }>({
        method: 'GET',
        path: `/apis/${group}`,
      });
      const versions = [
        body.preferredVersion?.version,
        ...(body.versions ?? []).map((v) => v.version),
      ].filter((v): v is string => !!v);
      for (const version of [...new Set(versions)]) {
        const found = await this.find({ group, version, kind });
        if (found) return found;
      }
      return undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /**
   * Every apiVersion, in any group, at which the server serves a kind of this name. One
   * aggregated-discovery request per run, made only on this path (an apiVersion it does not serve).
   */
  async servedApiVersions(kind: string): Promise<string[]> {
    this.everything ??= this.loadEverything();
    return ((await this.everything).get(kind) ?? []).map((gv) =>
      gv.group === '' ? gv.version : `${gv.group}/${gv.version}`,
    );
  }

  /** Kind → the group-versions serving it, from aggregated discovery (or per group-version lists). */
  private async loadEverything(): Promise<Map<string, { group: string; version: string }[]>> {
    const kinds = new Map<string, { group: string; version: string }[]>();
    const add = (kind: string, group: string, version: string): void => {
      const list = kinds.get(kind) ?? [];
      if (!list.some((gv) => gv.group === group && gv.version === version)) list.push({ group, version });
      kinds.set(kind, list);
    };
    for (const path of ['/api', '/apis']) {
      const { body } = await this.client.request<DiscoveryDocument>({
        method: 'GET',
        path,
        accept: `${AGGREGATED_DISCOVERY},application/json`,
      });
      if (body.kind === 'APIGroupDiscoveryList') {
        for (const item of body.items ?? [])
          for (const v of item.versions ?? [])
            for (const r of v.resources ?? [])
              if (r.responseKind?.kind) add(r.responseKind.kind, item.metadata?.name ?? '', v.version);
        continue;
      }
      // A server without aggregated discovery (before Kubernetes 1.26): one list per group-version.
      const groupVersions =
        path === '/api'
          ? (body.versions ?? []).map((version) => ({ group: '', version }))
          : (body.groups ?? []).flatMap((g) =>
              g.versions.map((v) => ({ group: g.name, version: v.version })),
            );
      for (const gv of groupVersions) {
        const found = await this.load({ ...gv, kind: '' }, false).catch(
          () => new Map<string, ResourceMapping>(),
        );
        for (const kind of found.keys()) add(kind, gv.group, gv.version);
      }
    }
    return kinds;
  }

  /** Forget cached group-versions (after CRDs were established). */
  invalidate(): void {
    this.cache.clear();
    this.everything = undefined;
  }
}

const AGGREGATED_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** /api or /apis: aggregated (APIGroupDiscoveryList), or the older APIVersions / APIGroupList. */
interface DiscoveryDocument {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: { responseKind?: { kind?: string } }[] }[];
  }[];
  versions?: string[];
  groups?: { name: string; versions: { version: string }[] }[];
}

export function objectPath(mapping: ResourceMapping, namespace: string | undefined, name?: string): string {
  const { group, version } = mapping.gvk;
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const ns =
    mapping.scope === 'Namespaced' && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${mapping.resource}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

export function pathForObject(mapping: ResourceMapping, object: KubeObject): string {
  return objectPath(mapping, object.metadata.namespace, object.metadata.name);
}

export { groupVersionKind };
