// Plain Jsonnet data, the currency of the pure standard-library functions: strings, numbers,
// booleans, null, arrays and objects whose own keys are the visible fields (already forced).

/** Plain Jsonnet data: already forced, objects hold only their visible fields as own keys. */
export type PlainValue = null | boolean | number | string | PlainValue[] | PlainObject | PlainFunction;
export interface PlainObject {
  [key: string]: PlainValue;
}
/** A Jsonnet function inside plain data; it can be typed and reported, never manifested. */
export type PlainFunction = (...args: never[]) => unknown;

export function isPlainObject(v: PlainValue): v is PlainObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The name `std.type` gives a plain value. */
export function typeName(v: PlainValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'function':
      return 'function';
    default:
      return 'object';
  }
}

/** An object with no prototype, so keys like `__proto__` are ordinary fields. */
export function newPlainObject(): PlainObject {
  return Object.create(null) as PlainObject;
}
