// Offline validation of rendered objects: each object against the official OpenAPI schema of
// its kind for a Kubernetes version (bundled, see ./schemas), custom resources against the
// openAPIV3Schema of their CRDs. Pure: objects in, problems out.
import { Ajv, type ValidateFunction } from 'ajv';
import { UserError } from '../errors.js';
import type { KubeObject, RenderedObject } from '../kube-object.js';
import { crdSchemas, isCrd, type CrdVersionSchema } from './validate-crds.js';
import { describeErrors } from './validate-errors.js';
import {
  bundledVersions,
  defaultKubernetesVersion,
  loadSchemaBundle,
  minorOf,
  type SchemaBundle,
} from './schemas/kubernetes-schemas.js';
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
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const BUNDLE_ID = 'kubernetes';

/** Validates every object; returns the problems found (empty when all objects are valid). */
export function validateObjects(
  objects: Array<RenderedObject | KubeObject>,
  options: ValidateOptions = {},
): Problem[] {
  const validator = validatorFor(resolveVersion(options.k8sVersion));
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

/** `env/component: Kind namespace/name: path: message` */
export function formatProblem(problem: Problem): string {
  const source = [problem.environment, problem.component]
    .filter((s) => s !== undefined && s !== '')
    .join('/');
  const object = `${problem.kind} ${problem.namespace ? `${problem.namespace}/` : ''}${problem.name}`;
  const field = problem.path === '' ? '' : `${problem.path}: `;
  return `${source ? `${source}: ` : ''}${object}: ${field}${problem.message}`;
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

class Validator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly customCache = new Map<string, ValidateFunction>();

  constructor(readonly bundle: SchemaBundle) {
    this.ajv = new Ajv({
      allErrors: true,
      verbose: true,
      strict: false,
      validateFormats: false,
      validateSchema: false,
      inlineRefs: false,
    });
    this.ajv.addVocabulary(KUBERNETES_KEYWORDS);
    this.ajv.addSchema({ $id: BUNDLE_ID, definitions: forbidUnknownFields(bundle.definitions as Json) });
  }

  customSchemas(
    crds: KubeObject[],
  ): Map<string, { schema: CrdVersionSchema; validate: () => ValidateFunction }> {
    const out = new Map<string, { schema: CrdVersionSchema; validate: () => ValidateFunction }>();
    for (const schema of crdSchemas(crds, `${BUNDLE_ID}#/definitions/${OBJECT_META}`)) {
      const cacheKey = JSON.stringify(schema.schema);
      out.set(schema.key, {
        schema,
        validate: () => {
          let fn = this.customCache.get(cacheKey);
          if (!fn) {
            fn = this.ajv.compile(schema.schema);
            this.customCache.set(cacheKey, fn);
          }
          return fn;
        },
      });
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
    if (builtin) return this.run(this.builtinValidator(builtin.definition), value);
    if (ignoreMissing) return [];
    return [{ path: '', message: this.unknownKindMessage(object) }];
  }

  private run(validate: ValidateFunction, value: unknown): FieldProblem[] {
    return validate(value) ? [] : describeErrors(validate.errors ?? [], value);
  }

  private builtinValidator(definition: string): ValidateFunction {
    let fn = this.compiled.get(definition);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${BUNDLE_ID}#/definitions/${definition}` });
      this.compiled.set(definition, fn);
    }
    return fn;
  }

  private unknownKindMessage(object: KubeObject): string {
    const version = this.bundle.kubernetesVersion.split('.').slice(0, 2).join('.');
    const served = Object.keys(this.bundle.kinds)
      .filter((k) => k.endsWith(`/${object.kind}`))
      .map((k) => k.slice(0, -object.kind.length - 1));
    if (served.length > 0) {
      return `apiVersion ${object.apiVersion} of ${object.kind} is not served by Kubernetes ${version} (served: ${served.join(', ')})`;
    }
    return `no schema for ${object.apiVersion} ${object.kind}: not a built-in kind of Kubernetes ${version} and no CustomResourceDefinition in the app or vendor/ defines it`;
  }
}

const validators = new Map<string, Validator>();

function validatorFor(bundle: SchemaBundle): Validator {
  let validator = validators.get(bundle.kubernetesVersion);
  if (!validator) {
    validator = new Validator(bundle);
    validators.set(bundle.kubernetesVersion, validator);
  }
  return validator;
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
