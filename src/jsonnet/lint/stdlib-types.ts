// The standard library's types as go-jsonnet v0.22's linter knows them (linter/internal/types/
// stdlib.go): std is an object whose fields are all known, each with a fixed arity. The table is
// go-jsonnet's, entry for entry and in its order (placeholder numbers follow it).
import {
  ANY_ARRAY_TYPE,
  ANY_FUNCTION_TYPE,
  ANY_OBJECT_TYPE,
  ANY_TYPE,
  BOOL_ARRAY_TYPE,
  BOOL_TYPE,
  NUMBER_ARRAY_TYPE,
  NUMBER_TYPE,
  STRING_TYPE,
  type ParamDesc,
  type PlaceholderID,
} from './type-desc.js';

export interface StdlibBuilder {
  /** A function of exactly these required parameters. */
  fn(result: PlaceholderID, ...names: string[]): PlaceholderID;
  /** A function with go-jsonnet's arity rule for these parameters. */
  fnParams(result: PlaceholderID, params: ParamDesc[]): PlaceholderID;
}

const req = (name: string): ParamDesc => ({ name, optional: false });
const opt = (name: string): ParamDesc => ({ name, optional: true });

/** std's fields and their placeholders, made through `b` in go-jsonnet's order. */
export function stdlibFields(b: StdlibBuilder): [string, PlaceholderID][] {
  const { fn, fnParams } = b;
  return [
    // External variables
    ['extVar', fn(ANY_TYPE, 'x')],
    // Types and reflection
    ['thisFile', STRING_TYPE],
    ['type', fn(STRING_TYPE, 'x')],
    ['length', fn(NUMBER_TYPE, 'x')],
    ['objectHas', fn(BOOL_TYPE, 'o', 'f')],
    ['objectFields', fn(ANY_ARRAY_TYPE, 'o')],
    ['objectValues', fn(ANY_ARRAY_TYPE, 'o')],
    ['objectKeysValues', fn(ANY_ARRAY_TYPE, 'o')],
    ['objectHasAll', fn(BOOL_TYPE, 'o', 'f')],
    ['objectFieldsAll', fn(ANY_ARRAY_TYPE, 'o')],
    ['objectValuesAll', fn(ANY_ARRAY_TYPE, 'o')],
    ['objectKeysValuesAll', fn(ANY_ARRAY_TYPE, 'o')],
    ['prune', fn(ANY_OBJECT_TYPE, 'a')],
    ['mapWithKey', fn(ANY_OBJECT_TYPE, 'func', 'obj')],
    ['get', fnParams(ANY_TYPE, [req('o'), req('f'), opt('default'), opt('inc_hidden')])],
    // isSomething
    ['isArray', fn(BOOL_TYPE, 'v')],
    ['isBoolean', fn(BOOL_TYPE, 'v')],
    ['isFunction', fn(BOOL_TYPE, 'v')],
    ['isNumber', fn(BOOL_TYPE, 'v')],
    ['isObject', fn(BOOL_TYPE, 'v')],
    ['isString', fn(BOOL_TYPE, 'v')],
    ['isEven', fn(BOOL_TYPE, 'x')],
    ['isOdd', fn(BOOL_TYPE, 'x')],
    ['isInteger', fn(BOOL_TYPE, 'x')],
    ['isDecimal', fn(BOOL_TYPE, 'x')],
    ['isNull', fn(BOOL_TYPE, 'x')],
    // Mathematical utilities
    ['abs', fn(NUMBER_TYPE, 'n')],
    ['sign', fn(NUMBER_TYPE, 'n')],
    ['max', fn(NUMBER_TYPE, 'a', 'b')],
    ['min', fn(NUMBER_TYPE, 'a', 'b')],
    ['pow', fn(NUMBER_TYPE, 'x', 'n')],
    ['exp', fn(NUMBER_TYPE, 'x')],
    ['log', fn(NUMBER_TYPE, 'x')],
    ['exponent', fn(NUMBER_TYPE, 'x')],
    ['mantissa', fn(NUMBER_TYPE, 'x')],
    ['floor', fn(NUMBER_TYPE, 'x')],
    ['ceil', fn(NUMBER_TYPE, 'x')],
    ['sqrt', fn(NUMBER_TYPE, 'x')],
    ['sin', fn(NUMBER_TYPE, 'x')],
    ['cos', fn(NUMBER_TYPE, 'x')],
    ['tan', fn(NUMBER_TYPE, 'x')],
    ['asin', fn(NUMBER_TYPE, 'x')],
    ['acos', fn(NUMBER_TYPE, 'x')],
    ['atan', fn(NUMBER_TYPE, 'x')],
    ['round', fn(NUMBER_TYPE, 'x')],
    ['clamp', fn(NUMBER_TYPE, 'x', 'min', 'max')],
    // Assertions and debugging
    ['assertEqual', fn(BOOL_TYPE, 'a', 'b')],
    // String Manipulation
    ['toString', fn(STRING_TYPE, 'a')],
    ['codepoint', fn(NUMBER_TYPE, 'str')],
    ['char', fn(STRING_TYPE, 'n')],
    ['substr', fn(STRING_TYPE, 'str', 'from', 'len')],
    ['findSubstr', fn(NUMBER_ARRAY_TYPE, 'pat', 'str')],
    ['startsWith', fn(BOOL_TYPE, 'a', 'b')],
    ['endsWith', fn(BOOL_TYPE, 'a', 'b')],
    ['stripChars', fn(STRING_TYPE, 'str', 'chars')],
    ['lstripChars', fn(STRING_TYPE, 'str', 'chars')],
    ['rstripChars', fn(STRING_TYPE, 'str', 'chars')],
    ['split', fn(ANY_ARRAY_TYPE, 'str', 'c')],
    ['splitLimit', fn(ANY_ARRAY_TYPE, 'str', 'c', 'maxsplits')],
    ['splitLimitR', fn(ANY_ARRAY_TYPE, 'str', 'c', 'maxsplits')],
    ['strReplace', fn(STRING_TYPE, 'str', 'from', 'to')],
    ['asciiUpper', fn(STRING_TYPE, 'str')],
    ['asciiLower', fn(STRING_TYPE, 'str')],
    ['stringChars', fn(STRING_TYPE, 'str')],
    ['format', fn(STRING_TYPE, 'str', 'vals')],
    ['isEmpty', fn(BOOL_TYPE, 'str')],
    ['equalsIgnoreCase', fn(BOOL_TYPE, 'str1', 'str2')],
    ['trim', fn(STRING_TYPE, 'str')],
    // TODO(sbarzowski) Fix when they match the documentation
    ['escapeStringBash', fn(STRING_TYPE, 'str_')],
    ['escapeStringDollars', fn(STRING_TYPE, 'str_')],
    ['escapeStringJson', fn(STRING_TYPE, 'str_')],
    ['escapeStringPython', fn(STRING_TYPE, 'str')],
    // Parsing
    ['parseInt', fn(NUMBER_TYPE, 'str')],
    ['parseOctal', fn(NUMBER_TYPE, 'str')],
    ['parseHex', fn(NUMBER_TYPE, 'str')],
    ['parseJson', fn(ANY_TYPE, 'str')],
    ['parseYaml', fn(ANY_TYPE, 'str')],
    ['encodeUTF8', fn(NUMBER_ARRAY_TYPE, 'str')],
    ['decodeUTF8', fn(STRING_TYPE, 'arr')],
    // Manifestation
    ['manifestIni', fn(STRING_TYPE, 'ini')],
    ['manifestPython', fn(STRING_TYPE, 'v')],
    ['manifestPythonVars', fn(STRING_TYPE, 'conf')],
    ['manifestTomlEx', fn(STRING_TYPE, 'value', 'indent')],
    [
      'manifestJsonEx',
      fnParams(STRING_TYPE, [req('value'), req('indent'), opt('newline'), opt('key_val_sep')]),
    ],
    ['manifestJsonMinified', fn(STRING_TYPE, 'value')],
    [
      'manifestYamlDoc',
      fnParams(STRING_TYPE, [req('value'), opt('indent_array_in_object'), opt('quote_keys')]),
    ],
    [
      'manifestYamlStream',
      fnParams(ANY_ARRAY_TYPE, [
        req('value'),
        opt('indent_array_in_object'),
        opt('c_document_end'),
        opt('quote_keys'),
      ]),
    ],
    ['manifestXmlJsonml', fn(STRING_TYPE, 'value')],
    // Arrays
    ['makeArray', fn(ANY_ARRAY_TYPE, 'sz', 'func')],
    ['count', fn(NUMBER_TYPE, 'arr', 'x')],
    ['member', fn(BOOL_TYPE, 'arr', 'x')],
    ['find', fn(NUMBER_ARRAY_TYPE, 'value', 'arr')],
    ['map', fn(ANY_ARRAY_TYPE, 'func', 'arr')],
    ['mapWithIndex', fn(ANY_ARRAY_TYPE, 'func', 'arr')],
    ['filterMap', fn(ANY_ARRAY_TYPE, 'filter_func', 'map_func', 'arr')],
    ['flatMap', fn(ANY_ARRAY_TYPE, 'func', 'arr')],
    ['filter', fn(ANY_ARRAY_TYPE, 'func', 'arr')],
    ['foldl', fn(ANY_TYPE, 'func', 'arr', 'init')],
    ['foldr', fn(ANY_TYPE, 'func', 'arr', 'init')],
    ['repeat', fn(ANY_ARRAY_TYPE, 'what', 'count')],
    ['slice', fn(ANY_ARRAY_TYPE, 'indexable', 'index', 'end', 'step')],
    ['range', fn(NUMBER_ARRAY_TYPE, 'from', 'to')],
    ['join', fn(ANY_TYPE, 'sep', 'arr')],
    ['lines', fn(ANY_ARRAY_TYPE, 'arr')],
    ['flattenArrays', fn(ANY_ARRAY_TYPE, 'arrs')],
    ['reverse', fn(ANY_ARRAY_TYPE, 'arrs')],
    ['sort', fnParams(ANY_ARRAY_TYPE, [req('arr'), opt('keyF')])],
    ['uniq', fnParams(ANY_ARRAY_TYPE, [req('arr'), opt('keyF')])],
    ['sum', fn(NUMBER_TYPE, 'arr')],
    ['minArray', fnParams(ANY_ARRAY_TYPE, [req('arr'), opt('keyF'), opt('onEmpty')])],
    ['maxArray', fnParams(ANY_ARRAY_TYPE, [req('arr'), opt('keyF'), opt('onEmpty')])],
    ['contains', fn(BOOL_TYPE, 'arr', 'elem')],
    ['avg', fn(NUMBER_TYPE, 'arr')],
    ['all', fn(BOOL_ARRAY_TYPE, 'arr')],
    ['any', fn(BOOL_ARRAY_TYPE, 'arr')],
    ['remove', fn(ANY_ARRAY_TYPE, 'arr', 'elem')],
    ['removeAt', fn(ANY_ARRAY_TYPE, 'arr', 'i')],
    // Sets
    ['set', fnParams(ANY_ARRAY_TYPE, [req('arr'), opt('keyF')])],
    ['setInter', fnParams(ANY_ARRAY_TYPE, [req('a'), req('b'), opt('keyF')])],
    ['setUnion', fnParams(ANY_ARRAY_TYPE, [req('a'), req('b'), opt('keyF')])],
    ['setDiff', fnParams(ANY_ARRAY_TYPE, [req('a'), req('b'), opt('keyF')])],
    ['setMember', fnParams(BOOL_TYPE, [req('x'), req('arr'), opt('keyF')])],
    // Objects
    ['objectRemoveKey', fn(ANY_OBJECT_TYPE, 'obj', 'key')],
    // Encoding
    ['base64', fn(STRING_TYPE, 'input')],
    ['base64DecodeBytes', fn(NUMBER_TYPE, 'str')],
    ['base64Decode', fn(STRING_TYPE, 'str')],
    ['md5', fn(STRING_TYPE, 's')],
    ['sha1', fn(STRING_TYPE, 's')],
    ['sha256', fn(STRING_TYPE, 's')],
    ['sha512', fn(STRING_TYPE, 's')],
    ['sha3', fn(STRING_TYPE, 's')],
    // JSON Merge Patch
    ['mergePatch', fn(ANY_TYPE, 'target', 'patch')],
    // Debugging
    ['trace', fn(ANY_TYPE, 'str', 'rest')],
    // Undocumented
    ['manifestJson', fn(STRING_TYPE, 'value')],
    ['objectHasEx', fn(BOOL_TYPE, 'obj', 'fname', 'hidden')],
    ['objectFieldsEx', fn(ANY_ARRAY_TYPE, 'obj', 'hidden')],
    ['modulo', fn(NUMBER_TYPE, 'x', 'y')],
    ['primitiveEquals', fn(BOOL_TYPE, 'x', 'y')],
    ['mod', fn(ANY_TYPE, 'a', 'b')],
    ['native', fn(ANY_FUNCTION_TYPE, 'x')],
    ['$objectFlatMerge', fn(ANY_OBJECT_TYPE, 'x')],
    ['$flatMapArray', fn(ANY_ARRAY_TYPE, 'func', 'arr')],
    // Boolean
    ['xor', fn(BOOL_TYPE, 'x', 'y')],
    ['xnor', fn(BOOL_TYPE, 'x', 'y')],
  ];
}
