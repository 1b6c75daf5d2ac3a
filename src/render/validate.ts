// Offline validation of rendered objects: each object against the official OpenAPI schema of
// its kind for a Kubernetes version (bundled, see ./schemas), custom resources against the
// openAPIV3Schema of their CRDs. Pure: objects in, problems out.
import { createRequire } from 'node:module';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import { formatLocation, UserError, type Location } from '../errors.js';
import type { KubeObject, RenderedObject } from '../kube-object.js';
import { crdSchemas, isCrd, type CrdVersionSchema } from './validate-crds.js';
import { describeErrors } from './validate-errors.js';
import { nameProblems } from './object-names.js';
import {
  bundledVersions,
  defaultKubernetesVersion,
  loadSchemaBundle,
  minorOf,
  schemaBundleDigest,
  type SchemaBundle,
} from './schemas/kubernetes-schemas.js';
import { ValidatorCache } from './validator-cache.js';
import { forbidUnknownFields, KUBERNETES_KEYWORDS, type Json } from './schemas/openapi-to-json-schema.js';

export interface Problem {
  environment?: string;
  component?: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /** field path inside the object ("spec.replicas"); "" for the object as a whole */
  path: string;
  message: string;
  /** where the app's Jsonnet writes the field (render/locate.ts), when it can be traced */
  location?: Location;
}

export interface ValidateOptions {
  /** "1.36", "v1.36.2", ...; the newest bundled version when absent */
  k8sVersion?: string;
  /** CRDs besides those among the objects (e.g. vendored ones) */
  crds?: KubeObject[];
  /** named in every problem */
  environment?: string;
  /** report nothing for kinds no schema knows (CRDs installed some other way) */
  ignoreMissingSchemas?: boolean;
  /** a folder for compiled validators (validator-cache.ts; the CLI's: defaultValidatorCacheDir) */
  cacheDir?: string;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const NO_SCHEMA = 'no schema for ';

/** A problem that says no bundled schema and no CRD describes the object's kind. */
export function isMissingSchema(problem: Problem): boolean {
  return problem.path === '' && problem.message.startsWith(NO_SCHEMA);
}
const BUNDLE_ID = 'kubernetes';

/** Validates every object; returns the problems found (empty when all objects are valid). */
export function validateObjects(
  objects: Array<RenderedObject | KubeObject>,
  options: ValidateOptions = {},
): Problem[] {
  const validator = validatorFor(resolveVersion(options.k8sVersion), options.cacheDir);
  const items = objects.map((o) =>
    'object' in o && 'component' in o
      ? (o as RenderedObject)
      : { component: undefined, object: o as KubeObject },
  );
  const crds = [...(options.crds ?? []), ...items.map((i) => i.object).filter(isCrd)];
  const custom = validator.customSchemas(crds);
  const problems: Problem[] = [];
  for (const { component, object } of items) {
    const where = {
      environment: options.environment,
      component,
      apiVersion: String(object?.apiVersion ?? ''),
      kind: String(object?.kind ?? ''),
      namespace: object?.metadata?.namespace,
      name: String(object?.metadata?.name ?? object?.metadata?.generateName ?? ''),
    };
    // Field paths in code-point order, so the report reads top-down and never depends on ajv's order.
    const found = validator.check(object, custom, options.ignoreMissingSchemas === true);
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const p of found) problems.push({ ...where, ...p });
  }
  return problems;
}

/** `[file:line:col: ]env/component: Kind namespace/name: path: message` */
export function formatProblem(problem: Problem): string {
  const source = [problem.environment, problem.component]
    .filter((s) => s !== undefined && s !== '')
    .join('/');
  const object = `${problem.kind} ${problem.namespace ? `${problem.namespace}/` : ''}${problem.name}`;
  const field = problem.path === '' ? '' : `${problem.path}: `;
  const at = problem.location === undefined ? '' : `${formatLocation(problem.location)}: `;
  return `${at}${source ? `${source}: ` : ''}${object}: ${field}${problem.message}`;
}

function resolveVersion(requested: string | undefined): SchemaBundle {
  const bundled = bundledVersions();
  const version = requested ?? defaultKubernetesVersion();
  const minor = minorOf(version);
  const bundle = minor === undefined ? undefined : loadSchemaBundle(minor);
  if (!bundle) {
    throw new UserError(`no bundled Kubernetes schemas for version ${JSON.stringify(version)}`, {
      hint:
        bundled.length > 0
          ? `set k8sVersion in app.yaml to one of ${bundled.join(', ')}`
          : 'the kf installation has no schema files',
    });
  }
  return bundle;
}

interface FieldProblem {
  path: string;
  message: string;
}

/** ajv is loaded on the first validator not in the cache: loading it costs ~40 ms. */
const requireHere = createRequire(import.meta.url);

const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: false,
  validateFormats: false,
  validateSchema: false,
  inlineRefs: false,
};

class Validator {
  private ajvInstance: Ajv | undefined;
  /** Validators made in this process, by `id` (see compile). */
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly cache: ValidatorCache | undefined;

  constructor(
    readonly bundle: SchemaBundle,
    cacheDir: string | undefined,
  ) {
    this.cache = cacheDir === undefined ? undefined : new ValidatorCache(cacheDir);
  }

  /** Made on the first validator not in the cache (preparing the bundle's ~60 ms is for compiling). */
  private get ajv(): Ajv {
    if (this.ajvInstance === undefined) {
      // With a cache, ajv keeps each validator's source for standaloneCode.
      const { Ajv: AjvClass } = requireHere('ajv') as typeof import('ajv');
      const ajv = new AjvClass({ ...AJV_OPTIONS, ...(this.cache ? { code: { source: true } } : {}) });
      ajv.addVocabulary(KUBERNETES_KEYWORDS);
      ajv.addSchema({ $id: BUNDLE_ID, definitions: forbidUnknownFields(this.bundle.definitions as Json) });
      this.ajvInstance = ajv;
    }
    return this.ajvInstance;
  }

  /**
   * `schema` compiled once per process, from the disk cache when there (`id`: what identifies the
   * schema besides the bundle).
   */
  private compile(schema: object, id: string): ValidateFunction {
    const made = this.compiled.get(id);
    if (made) return made;
    const fn = this.load(schema, id);
    this.compiled.set(id, fn);
    return fn;
  }

  private load(schema: object, id: string): ValidateFunction {
    const key = this.cache?.key([
      JSON.stringify(AJV_OPTIONS),
      KUBERNETES_KEYWORDS.join(','),
      schemaBundleDigest(this.bundle) ?? this.bundle.kubernetesVersion,
      id,
    ]);
    const cached = key === undefined ? undefined : this.cache?.load(key);
    if (cached) return cached;
    const fn = this.ajv.compile(schema);
    if (key !== undefined) {
      const standalone = requireHere('ajv/dist/standalone') as typeof import('ajv/dist/standalone/index.js');
      this.cache?.store(key, standalone.default(this.ajv, fn));
    }
    return fn;
  }

  customSchemas(
    crds: KubeObject[],
  ): Map<string, { schema: CrdVersionSchema; validate: () => ValidateFunction }> {
    const out = new Map<string, { schema: CrdVersionSchema; validate: () => ValidateFunction }>();
    for (const schema of crdSchemas(crds, `${BUNDLE_ID}#/definitions/${OBJECT_META}`)) {
      const id = `crd ${JSON.stringify(schema.schema)}`;
      out.set(schema.key, { schema, validate: () => this.compile(schema.schema, id) });
    }
    return out;
  }

  check(
    object: KubeObject,
    custom: Map<string, { schema: CrdVersionSchema; validate: () => ValidateFunction }>,
    ignoreMissing: boolean,
  ): FieldProblem[] {
    if (object === null || typeof object !== 'object' || Array.isArray(object))
      return [{ path: '', message: 'is not an object' }];
    const basics = checkIdentity(object);
    if (basics.length > 0) return basics;
    const key = `${object.apiVersion}/${object.kind}`;
    const value = withoutNulls(object);
    const crd = custom.get(key);
    if (crd) return this.run(crd.validate(), value);
    const builtin = this.bundle.kinds[key];
    if (builtin)
      return [...this.run(this.builtinValidator(builtin.definition), value), ...nameProblems(object)];
    if (ignoreMissing) return [];
    return [{ path: '', message: this.unknownKindMessage(object) }];
  }

  private run(validate: ValidateFunction, value: unknown): FieldProblem[] {
    return validate(value) ? [] : describeErrors(validate.errors ?? [], value);
  }

  private builtinValidator(definition: string): ValidateFunction {
    return this.compile({ $ref: `${BUNDLE_ID}#/definitions/${definition}` }, `kind ${definition}`);
  }

  private unknownKindMessage(object: KubeObject): string {
    const version = this.bundle.kubernetesVersion.split('.').slice(0, 2).join('.');
    const served = Object.keys(this.bundle.kinds)
      .filter((k) => k.endsWith(`/${object.kind}`))
      .map((k) => k.slice(0, -object.kind.length - 1));
    if (served.length > 0) {
      return `apiVersion ${object.apiVersion} of ${object.kind} is not served by Kubernetes ${version} (served: ${served.join(', ')})`;
    }
    return `${NO_SCHEMA}${object.apiVersion} ${object.kind}: not a built-in kind of Kubernetes ${version} and no CustomResourceDefinition in the app or vendor/ defines it`;
  }
}

const validators = new Map<string, Validator>();

function validatorFor(bundle: SchemaBundle, cacheDir: string | undefined): Validator {
  const key = JSON.stringify([bundle.kubernetesVersion, cacheDir ?? null]);
  let validator = validators.get(key);
  if (!validator) {
    validator = new Validator(bundle, cacheDir);
    validators.set(key, validator);
  }
  return validator;
}

/** Drops the validators compiled in this process (to start as a new process would). */
export function forgetValidators(): void {
  validators.clear();
}

function checkIdentity(object: KubeObject): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof object.apiVersion !== 'string' || object.apiVersion === '')
    problems.push({ path: 'apiVersion', message: 'required field is missing' });
  if (typeof object.kind !== 'string' || object.kind === '')
    problems.push({ path: 'kind', message: 'required field is missing' });
  const metadata = object.metadata as unknown;
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    problems.push({ path: 'metadata', message: 'required field is missing' });
  } else if (!object.metadata.name && !object.metadata.generateName) {
    problems.push({ path: 'metadata.name', message: 'required field is missing' });
  }
  return problems;
}

// kubectl and the API server treat a null field as absent (Jsonnet often emits them).
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) if (field !== null) out[key] = withoutNulls(field);
  return out;
}
