// Checks an expression tree against its inferred types (go-jsonnet linter/internal/types
// check.go): calls of non-functions and with wrong arguments, impossible indexing, unary
// operators on the wrong operand. Children are checked before their parent.
import { children, type CoreNode } from './core.js';
import { goQuote, type LintError } from './report.js';
import { describe, type ParamDesc, type TypeDesc } from './type-desc.js';

export function checkTypes(node: CoreNode, typeOf: (node: CoreNode) => TypeDesc, errors: LintError[]): void {
  for (const c of children(node)) checkTypes(c, typeOf, errors);
  const type = typeOf;
  const err = (message: string, n: CoreNode = node): void => void errors.push({ message, loc: n.loc });
  switch (node.k) {
    case 'Apply': {
      const t = type(node.target);
      if (!t.fn) err(`Called value must be a function, but it is assumed to be ${describe(t)}`);
      else if (t.fn.params !== undefined) checkArgs(t.fn.params, node, errors);
      else {
        const count = node.named.length + node.positional.length;
        if (t.fn.minArity > count)
          err(`Too few arguments: got ${count}, but expected at least ${t.fn.minArity}`);
        if (t.fn.maxArity < count)
          err(`Too many arguments: got ${count}, but expected at most ${t.fn.maxArity}`);
      }
      return;
    }
    case 'Index': {
      const target = type(node.target);
      const index = type(node.index);
      if (!target.arr && !target.obj && !target.string) {
        err('Indexed value is neither an array nor an object nor a string');
      } else if (!target.obj) {
        const assumed =
          target.arr && target.string ? 'an array or a string' : target.arr ? 'an array' : 'a string';
        if (!index.number) err(`Indexed value is assumed to be ${assumed}, but index is not a number`);
      } else if (!target.arr && !target.string) {
        if (!index.string) err('Indexed value is assumed to be an object, but index is not a string');
        if (
          target.obj.allFieldsKnown &&
          node.index.k === 'String' &&
          !target.obj.fieldContains.has(node.index.value)
        ) {
          err(`Indexed object has no field ${goQuote(node.index.value)}`);
        }
      } else if (!index.number && !index.string) {
        err('Index is neither a number (for indexing arrays and string) nor a string (for indexing objects)');
      }
      return;
    }
    case 'Unary': {
      const operand = type(node.expr);
      if (node.op === '!') {
        if (!operand.bool) err(`Operand is not a boolean, it is assumed to be ${describe(operand)}`);
      } else if (!operand.number) {
        err(`Operand is not a number, it is assumed to be ${describe(operand)}`);
      }
      return;
    }
    default:
  }
}

function checkArgs(params: ParamDesc[], call: Extract<CoreNode, { k: 'Apply' }>, errors: LintError[]): void {
  const received = new Set<string>();
  const accepted = new Set(params.map((p) => p.name));
  call.positional.forEach((arg, i) => {
    if (i < params.length) received.add((params[i] as ParamDesc).name);
    else {
      errors.push({
        message: `Too many arguments, there can be at most ${params.length}, but ${call.positional.length} provided`,
        loc: arg.loc,
      });
    }
  });
  for (const arg of call.named) {
    if (received.has(arg.name))
      return void errors.push({ message: `Argument ${arg.name} already provided`, loc: arg.arg.loc });
    if (!accepted.has(arg.name))
      return void errors.push({ message: `function has no parameter ${arg.name}`, loc: arg.arg.loc });
    received.add(arg.name);
  }
  for (const p of params) {
    if (!received.has(p.name) && !p.optional)
      return void errors.push({ message: `Missing argument: ${p.name}`, loc: call.loc });
  }
}
