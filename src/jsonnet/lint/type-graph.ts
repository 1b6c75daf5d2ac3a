// The linter's type inference (go-jsonnet linter/internal/types graph.go, build_graph.go,
// process_graph.go): one placeholder per expression of the file and everything it imports,
// defined from the expression's shape; indexing and calls are then rewritten into element types,
// and strongly connected components are resolved in topological order into upper bounds.
import type { CoreNode } from './core.js';
import { children } from './core.js';
import { stdlibFields } from './stdlib-types.js';
import {
  ANY_OBJECT_TYPE,
  ANY_TYPE,
  BOOL_TYPE,
  MAX_POSSIBLE_ARITY,
  NO_TYPE,
  NULL_TYPE,
  NUMBER_ARRAY_TYPE,
  NUMBER_TYPE,
  STDLIB_TYPE,
  STRING_TYPE,
  builtinPlus,
  concreteTP,
  normalize,
  normalizePlaceholders,
  tpIndex,
  tpRef,
  tpSum,
  voidType,
  VOID,
  widen,
  type BuiltinOpResult,
  type FunctionDesc,
  type IndexSpec,
  type ParamDesc,
  type Placeholder,
  type PlaceholderID,
  type TypeDesc,
} from './type-desc.js';
import type { Variable } from './variables.js';

/**
 * A number for every expression, kept across the files and snippets of one lint: each type graph
 * indexes its placeholders by it instead of filling a map of its own.
 */
export class NodeIds {
  private readonly ids = new Map<CoreNode, number>();

  get size(): number {
    return this.ids.size;
  }

  of(node: CoreNode): number {
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(node, id);
    }
    return id;
  }
}

/** What a placeholder is until it is defined (placeholders are replaced, never changed in place). */
const EMPTY: Placeholder = Object.freeze({
  concrete: VOID,
  contains: Object.freeze([]) as unknown as PlaceholderID[],
});

/** Array elements tracked one by one (Jsonnet has no tuples; short arrays are treated as such). */
const MAX_KNOWN_COUNT = 5;

/** The parsed file an import resolves to, or undefined when it cannot be imported. */
export type ImportFunc = (currentPath: string, importedPath: string) => CoreNode | undefined;

interface ElementDesc {
  generic: PlaceholderID;
  strings?: Map<string, PlaceholderID>;
  ints?: PlaceholderID[];
  call: PlaceholderID;
}

/** Go's countRequiredParameters, which counts the parameters that have a default. */
const countRequired = (params: ParamDesc[] | undefined): number =>
  (params ?? []).filter((p) => p.optional).length;

class TypeGraph {
  readonly placeholders: Placeholder[] = [];
  /** The placeholder of each expression, by its number in `ids` (NO_TYPE: none). */
  private exprPlaceholder = new Int32Array(0);
  private elementType: (ElementDesc | undefined)[] = [];
  private sccOf: number[] = [];
  private topoOrder: PlaceholderID[] = [];
  upperBound: TypeDesc[] = [];

  constructor(
    private readonly importFunc: ImportFunc,
    private readonly ids: NodeIds,
  ) {
    this.exprPlaceholder = new Int32Array(ids.size + 1024);
    const anyObject = { allFieldsKnown: false, fieldContains: new Map(), unknownContain: [ANY_TYPE] };
    const anyFunction: FunctionDesc = {
      minArity: 0,
      maxArity: MAX_POSSIBLE_ARITY,
      resultContains: [ANY_TYPE],
      params: undefined,
    };
    const anyArray = { furtherContain: [ANY_TYPE], elementContains: [] };
    const plain = (flags: Partial<TypeDesc>): TypeDesc => ({ ...voidType(), ...flags });
    this.newPlaceholder(); // NO_TYPE
    const basics: TypeDesc[] = [
      plain({
        bool: true,
        number: true,
        string: true,
        null: true,
        fn: anyFunction,
        obj: anyObject,
        arr: anyArray,
      }),
      plain({ bool: true }),
      plain({ number: true }),
      plain({ string: true }),
      plain({ null: true }),
      plain({ arr: anyArray }),
      plain({ arr: { furtherContain: [NUMBER_TYPE], elementContains: [] } }),
      plain({ arr: { furtherContain: [BOOL_TYPE], elementContains: [] } }),
      plain({ obj: anyObject }),
      plain({ fn: anyFunction }),
    ];
    for (const t of basics) this.placeholders[this.newPlaceholder()] = concreteTP(t);
    this.newPlaceholder(); // STDLIB_TYPE
    const fieldContains = new Map<string, PlaceholderID[]>();
    const fields = stdlibFields({
      fn: (result, ...names) =>
        this.newFuncType(
          result,
          names.map((name) => ({ name, optional: false })),
          names.length,
        ),
      fnParams: (result, params) => this.newFuncType(result, params, countRequired(params)),
    });
    for (const [name, p] of fields) fieldContains.set(name, [p]);
    this.placeholders[STDLIB_TYPE] = concreteTP({
      ...voidType(),
      obj: { allFieldsKnown: true, unknownContain: [], fieldContains },
    });
  }

  newPlaceholder(): PlaceholderID {
    this.placeholders.push(EMPTY);
    this.elementType.push(undefined);
    return this.placeholders.length - 1;
  }

  private newFuncType(result: PlaceholderID, params: ParamDesc[], minArity: number): PlaceholderID {
    const p = this.newPlaceholder();
    this.placeholders[p] = concreteTP({
      ...voidType(),
      fn: { resultContains: [result], params, minArity, maxArity: params.length },
    });
    return p;
  }

  private exprP(node: CoreNode): PlaceholderID {
    const p = this.placeholderOf(node);
    if (p === NO_TYPE) throw new Error('Bug - placeholder for a dependent node cannot be noType');
    return p;
  }

  /** The expression's placeholder, NO_TYPE when it has none. */
  placeholderOf(node: CoreNode): PlaceholderID {
    return this.exprPlaceholder[this.ids.of(node)] ?? NO_TYPE;
  }

  private setPlaceholder(node: CoreNode, p: PlaceholderID): void {
    const id = this.ids.of(node);
    if (id >= this.exprPlaceholder.length) {
      const grown = new Int32Array(Math.max(id + 1, this.exprPlaceholder.length * 2));
      grown.set(this.exprPlaceholder);
      this.exprPlaceholder = grown;
    }
    this.exprPlaceholder[id] = p;
  }

  addRoots(roots: Map<string, CoreNode>, vars: Map<string, Map<CoreNode, Variable>>): void {
    for (const root of roots.values()) this.setPlaceholder(root, this.newPlaceholder());
    for (const [path, root] of roots)
      this.prepareWith(root, vars.get(path) as Map<CoreNode, Variable>, this.exprP(root));
  }

  private prepare(node: CoreNode, varAt: Map<CoreNode, Variable>): void {
    const p = this.newPlaceholder();
    this.setPlaceholder(node, p);
    this.prepareWith(node, varAt, p);
  }

  /** Placeholders for a subtree whose root's placeholder exists already (binds can be recursive). */
  private prepareWith(node: CoreNode, varAt: Map<CoreNode, Variable>, p: PlaceholderID): void {
    const bindsFirst = (binds: { body: CoreNode }[]): void => {
      const ps = binds.map((b) => {
        const bp = this.newPlaceholder();
        this.setPlaceholder(b.body, bp);
        return bp;
      });
      binds.forEach((b, i) => this.prepareWith(b.body, varAt, ps[i] as PlaceholderID));
    };
    if (node.k === 'Local') {
      bindsFirst(node.binds);
      this.prepare(node.body, varAt);
    } else if (node.k === 'Object') {
      bindsFirst(node.locals);
      for (const f of node.fields) {
        this.prepare(f.name, varAt);
        this.prepare(f.body, varAt);
      }
    } else {
      for (const c of children(node)) this.prepare(c, varAt);
    }
    this.placeholders[p] = this.calc(node, varAt);
  }

  private calc(node: CoreNode, varAt: Map<CoreNode, Variable>): Placeholder {
    switch (node.k) {
      case 'Array': {
        const known = Math.min(node.elements.length, MAX_KNOWN_COUNT);
        const elementContains: PlaceholderID[][] = [];
        const furtherContain: PlaceholderID[] = [];
        node.elements.forEach((el, i) => {
          if (i < known) elementContains.push([this.exprP(el)]);
          else furtherContain.push(this.exprP(el));
        });
        return concreteTP({ ...voidType(), arr: { elementContains, furtherContain } });
      }
      case 'Binary':
        if (node.op === '+') {
          return {
            concrete: VOID,
            contains: [],
            builtinOp: { args: [this.exprP(node.left), this.exprP(node.right)], f: builtinPlus },
          };
        }
        return tpRef(ANY_TYPE);
      case 'Unary':
        return tpRef(node.op === '!' ? BOOL_TYPE : NUMBER_TYPE);
      case 'Conditional':
        return tpSum(this.exprP(node.then), this.exprP(node.else));
      case 'Var': {
        const v = varAt.get(node);
        if (v === undefined) throw new Error('Could not find variable');
        if (v.kind === 'stdlib') return tpRef(STDLIB_TYPE);
        if (v.kind === 'param') return tpRef(ANY_TYPE);
        return tpRef(this.exprP(v.bindNode as CoreNode));
      }
      case 'Object': {
        const fieldContains = new Map<string, PlaceholderID[]>();
        let allFieldsKnown = true;
        let unknownContain: PlaceholderID[] = [];
        for (const f of node.fields) {
          if (f.name.k === 'String') {
            const key = f.name.value;
            fieldContains.set(
              key,
              f.plusSuper ? [ANY_TYPE] : [...(fieldContains.get(key) ?? []), this.exprP(f.body)],
            );
          } else {
            allFieldsKnown = false;
            unknownContain = f.plusSuper ? [ANY_TYPE] : [...unknownContain, this.exprP(f.body)];
          }
        }
        return concreteTP({ ...voidType(), obj: { fieldContains, allFieldsKnown, unknownContain } });
      }
      case 'Error':
        return concreteTP(VOID);
      case 'Index': {
        const target = this.exprP(node.target);
        if (node.index.k === 'String')
          return tpIndex({ type: 'string', indexed: target, key: node.index.value });
        if (node.index.k === 'Number') {
          const n = Number(node.index.text);
          if (!Number.isFinite(n)) return tpIndex({ type: 'generic', indexed: target });
          if (n >= 0 && n < MAX_KNOWN_COUNT && Number.isInteger(n))
            return tpIndex({ type: 'int', indexed: target, key: n });
        }
        return tpIndex({ type: 'generic', indexed: target });
      }
      case 'Import': {
        if (node.kind === 'importstr') return tpRef(STRING_TYPE);
        if (node.kind === 'importbin') return tpRef(NUMBER_ARRAY_TYPE);
        const imported = this.importFunc(node.loc?.file ?? '', node.path);
        return imported === undefined ? tpRef(ANY_TYPE) : tpRef(this.exprP(imported));
      }
      case 'Boolean':
        return tpRef(BOOL_TYPE);
      case 'Null':
        return tpRef(NULL_TYPE);
      case 'Number':
        return tpRef(NUMBER_TYPE);
      case 'String':
        return tpRef(STRING_TYPE);
      case 'Local':
        return tpRef(this.exprP(node.body));
      case 'Self':
        return tpRef(ANY_OBJECT_TYPE);
      case 'SuperIndex':
        return tpRef(ANY_TYPE);
      case 'InSuper':
        return tpRef(BOOL_TYPE);
      case 'Function': {
        const params = node.params?.map((p) => ({ name: p.name, optional: p.defaultArg !== undefined }));
        return concreteTP({
          ...voidType(),
          fn: {
            minArity: countRequired(params),
            maxArity: params?.length ?? 0,
            params,
            resultContains: [this.exprP(node.body)],
          },
        });
      }
      case 'Apply':
        return tpIndex({ type: 'call', indexed: this.exprP(node.target) });
    }
  }

  /** All types; no changes to the graph after this. */
  prepareTypes(): void {
    this.simplifyReferences();
    this.separateElementTypes();
    this.makeTopoOrder();
    this.findTypes();
  }

  /** Placeholders that only refer to one other are replaced by it. */
  private simplifyReferences(): void {
    const mapping = this.placeholders.map((p, i) => {
      const c = p.concrete;
      const isVoid = !c.bool && !c.number && !c.string && !c.null && !c.fn && !c.obj && !c.arr;
      return isVoid && !p.index && !p.builtinOp && p.contains.length === 1
        ? (p.contains[0] as PlaceholderID)
        : i;
    });
    // One step of closure per entry, in order, as go-jsonnet does it.
    for (let i = 0; i < mapping.length; i++) {
      const m = mapping[i] as number;
      if (mapping[m] !== m) mapping[i] = mapping[m] as number;
    }
    for (const p of this.placeholders) {
      const c = p.contains;
      for (let j = 0; j < c.length; j++) c[j] = mapping[c[j] as number] as number;
      if (p.index) p.index.indexed = mapping[p.index.indexed] as number;
    }
    const e = this.exprPlaceholder;
    for (let i = 0; i < e.length; i++) if (e[i] !== NO_TYPE) e[i] = mapping[e[i] as number] as number;
  }

  private getOrCreateElementType(target: PlaceholderID, index: IndexSpec): [boolean, PlaceholderID] {
    let el = this.elementType[target];
    if (el === undefined) {
      el = { generic: NO_TYPE, call: NO_TYPE };
      this.elementType[target] = el;
    }
    switch (index.type) {
      case 'string': {
        el.strings ??= new Map();
        const found = el.strings.get(index.key) ?? NO_TYPE;
        if (found !== NO_TYPE) return [false, found];
        const id = this.newPlaceholder();
        el.strings.set(index.key, id);
        return [true, id];
      }
      case 'int': {
        el.ints ??= new Array<PlaceholderID>(MAX_KNOWN_COUNT).fill(NO_TYPE);
        const found = el.ints[index.key] as PlaceholderID;
        if (found !== NO_TYPE) return [false, found];
        const id = this.newPlaceholder();
        el.ints[index.key] = id;
        return [true, id];
      }
      case 'call':
        if (el.call !== NO_TYPE) return [false, el.call];
        el.call = this.newPlaceholder();
        return [true, el.call];
      case 'generic':
        if (el.generic !== NO_TYPE) return [false, el.generic];
        el.generic = this.newPlaceholder();
        return [true, el.generic];
    }
  }

  /** go-jsonnet's setElementType: a known int index falls to the generic slot. */
  private setElementType(target: PlaceholderID, index: IndexSpec, id: PlaceholderID): void {
    const el = this.elementType[target] as ElementDesc;
    if (index.type === 'string') (el.strings as Map<string, PlaceholderID>).set(index.key, id);
    else if (index.type === 'call') el.call = id;
    else el.generic = id;
  }

  private getElementType(container: PlaceholderID, index: IndexSpec): PlaceholderID {
    const [created, elID] = this.getOrCreateElementType(container, index);
    if (!created) return elID;
    const c = this.placeholders[container] as Placeholder;
    let fromBuiltin: BuiltinOpResult = { contained: [], concrete: VOID };
    if (c.builtinOp)
      fromBuiltin = c.builtinOp.f(
        c.builtinOp.args.map(() => undefined),
        c.builtinOp.args,
      );
    const concrete: TypeDesc = { ...c.concrete };
    widen(concrete, fromBuiltin.concrete);
    let contains: PlaceholderID[] = [];
    const own = c.concrete;
    if (index.type === 'string') {
      if (concrete.obj && own.obj) {
        const ps = own.obj.fieldContains.get(index.key);
        if (ps !== undefined) contains.push(...ps);
        else if (!own.obj.allFieldsKnown) contains.push(...own.obj.unknownContain);
      }
    } else if (index.type === 'int') {
      if (concrete.arr && own.arr) {
        if (index.key < own.arr.elementContains.length)
          contains.push(...(own.arr.elementContains[index.key] as PlaceholderID[]));
        else contains.push(...own.arr.furtherContain);
      }
      if (own.string) contains.push(STRING_TYPE);
    } else if (index.type === 'call') {
      if (concrete.fn && own.fn) contains.push(...own.fn.resultContains);
    } else {
      if (concrete.obj && own.obj) {
        contains.push(...own.obj.unknownContain);
        for (const ps of own.obj.fieldContains.values()) contains.push(...ps);
      }
      if (concrete.arr && own.arr) {
        for (const ps of own.arr.elementContains) contains.push(...ps);
        contains.push(...own.arr.furtherContain);
      }
      if (concrete.string) contains.push(STRING_TYPE);
    }
    // The indexed value may itself be an indexing.
    if (c.index) {
      const elInC = this.getElementType(c.index.indexed, c.index);
      contains.push(this.getElementType(elInC, index));
    }
    for (const contained of c.contains) contains.push(this.getElementType(contained, index));
    for (const contained of fromBuiltin.contained) contains.push(this.getElementType(contained, index));
    contains = normalizePlaceholders(contains);
    this.placeholders[elID] = { concrete: VOID, contains };
    // Immediate path compression.
    if (contains.length === 1) {
      this.setElementType(container, index, contains[0] as PlaceholderID);
      return contains[0] as PlaceholderID;
    }
    return elID;
  }

  private separateElementTypes(): void {
    for (let i = 0; i < this.placeholders.length; i++) {
      const index = (this.placeholders[i] as Placeholder).index;
      if (index) {
        const el = this.getElementType(index.indexed, index);
        const tp = this.placeholders[i] as Placeholder;
        tp.index = undefined;
        tp.contains = [...tp.contains, el];
      }
    }
  }

  private dependencies(p: Placeholder): PlaceholderID[] {
    return p.builtinOp ? [...p.contains, ...p.builtinOp.args] : p.contains;
  }

  private makeTopoOrder(): void {
    const visited = new Array<boolean>(this.placeholders.length).fill(false);
    const order: PlaceholderID[] = [];
    // Iterative post-order DFS (deep programs would overflow a recursive one).
    for (let root = 0; root < this.placeholders.length; root++) {
      if (visited[root]) continue;
      visited[root] = true;
      const stack: { p: PlaceholderID; deps: PlaceholderID[]; next: number }[] = [
        { p: root, deps: this.dependencies(this.placeholders[root] as Placeholder), next: 0 },
      ];
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as (typeof stack)[number];
        if (top.next < top.deps.length) {
          const child = top.deps[top.next++] as PlaceholderID;
          if (!visited[child]) {
            visited[child] = true;
            stack.push({
              p: child,
              deps: this.dependencies(this.placeholders[child] as Placeholder),
              next: 0,
            });
          }
        } else {
          order.push(top.p);
          stack.pop();
        }
      }
    }
    this.topoOrder = order;
  }

  private findTypes(): void {
    const n = this.placeholders.length;
    // Who depends on whom, as one flat list per placeholder (offsets into `dependents`).
    const count = new Int32Array(n + 1);
    for (const p of this.placeholders) {
      for (const d of p.contains) count[d + 1]++;
      if (p.builtinOp) for (const d of p.builtinOp.args) count[d + 1]++;
    }
    for (let i = 0; i < n; i++) count[i + 1] += count[i] as number;
    const dependents = new Int32Array(count[n] as number);
    const fill = count.slice(0, n);
    this.placeholders.forEach((p, i) => {
      for (const d of p.contains) dependents[fill[d]++] = i;
      if (p.builtinOp) for (const d of p.builtinOp.args) dependents[fill[d]++] = i;
    });
    const visited = new Array<boolean>(n).fill(false);
    this.sccOf = new Array<number>(n).fill(0);
    const sccs: PlaceholderID[][] = [];
    for (let i = this.topoOrder.length - 1; i >= 0; i--) {
      const start = this.topoOrder[i] as PlaceholderID;
      if (visited[start]) continue;
      const id = sccs.length;
      const scc: PlaceholderID[] = [];
      sccs.push(scc);
      // Pre-order DFS over dependents, as go-jsonnet's recursive visit.
      const stack: [PlaceholderID, number][] = [[start, 0]];
      visited[start] = true;
      this.sccOf[start] = id;
      scc.push(start);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as [PlaceholderID, number];
        if (top[1] < (count[top[0] + 1] as number) - (count[top[0]] as number)) {
          const d = dependents[(count[top[0]] as number) + top[1]++] as PlaceholderID;
          if (!visited[d]) {
            visited[d] = true;
            this.sccOf[d] = id;
            scc.push(d);
            stack.push([d, 0]);
          }
        } else stack.pop();
      }
    }
    this.upperBound = new Array<TypeDesc>(n).fill(VOID);
    for (let i = sccs.length - 1; i >= 0; i--) this.resolveSCC(sccs[i] as PlaceholderID[]);
  }

  private resolveSCC(scc: PlaceholderID[]): void {
    const id = this.sccOf[scc[0] as PlaceholderID];
    const common = voidType();
    for (const p of scc) {
      const tp = this.placeholders[p] as Placeholder;
      for (const contained of tp.contains) {
        if (this.sccOf[contained] !== id) widen(common, this.upperBound[contained] as TypeDesc);
      }
      if (tp.builtinOp) {
        const args = tp.builtinOp.args.map((a) => (this.sccOf[a] !== id ? this.upperBound[a] : undefined));
        const res = tp.builtinOp.f(args, tp.builtinOp.args);
        widen(common, res.concrete);
        for (const contained of res.contained) {
          if (this.sccOf[contained] !== id) widen(common, this.upperBound[contained] as TypeDesc);
        }
      }
    }
    for (const p of scc) widen(common, (this.placeholders[p] as Placeholder).concrete);
    normalize(common);
    // One description for the whole component (Go copies the struct; nothing changes it later).
    for (const p of scc) this.upperBound[p] = common;
  }
}

/** The type of every expression of the files in `roots` (void for those it has none for). */
export function inferTypes(
  roots: Map<string, CoreNode>,
  vars: Map<string, Map<CoreNode, Variable>>,
  importFunc: ImportFunc,
  ids: NodeIds,
): (node: CoreNode) => TypeDesc {
  const g = new TypeGraph(importFunc, ids);
  g.addRoots(roots, vars);
  g.prepareTypes();
  return (node) => {
    const p = g.placeholderOf(node);
    return p === NO_TYPE ? VOID : (g.upperBound[p] as TypeDesc);
  };
}
