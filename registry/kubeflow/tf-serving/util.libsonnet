// Parameter helpers shared by the Kubeflow prototypes. Each package carries an identical copy
// (packages are installed independently); test/kubeflow checks that the copies do not drift.
//
// Parameters arrive from params.libsonnet with their declared types, but values typed on the
// command line may still be strings, so the converters accept "true"/"4" and reject anything
// else with an error that names the prototype and the parameter.
{
  // error(prototype, message): one clear line.
  fail(prototype, message):: error prototype + ': ' + message,

  isSet(value):: value != null && value != '',

  toBool(prototype, param, value)::
    if std.isBoolean(value) then value
    else if std.isString(value) && std.asciiLower(value) == 'true' then true
    else if std.isString(value) && std.asciiLower(value) == 'false' then false
    else self.fail(prototype, 'parameter %s must be true or false, got %s' % [param, std.manifestJsonMinified(value)]),

  toNumber(prototype, param, value)::
    local parsed =
      if std.isNumber(value) then value
      else if std.isString(value) && std.length(value) > 0 && std.member('-0123456789', value[0])
              && std.all([std.member('-+.0123456789eE', c) for c in std.stringChars(value)]) then std.parseJson(value)
      else null;
    if std.isNumber(parsed) then parsed
    else self.fail(prototype, 'parameter %s must be a number, got %s' % [param, std.manifestJsonMinified(value)]),

  // toCount(prototype, param, value, min): a whole number >= min.
  toCount(prototype, param, value, min)::
    local n = self.toNumber(prototype, param, value);
    if n != std.floor(n) then self.fail(prototype, 'parameter %s must be a whole number, got %s' % [param, n])
    else if n < min then self.fail(prototype, 'parameter %s must be at least %d, got %d' % [param, min, n])
    else n,

  // toList: null or '' -> [], an array stays, a string is split at commas (blanks trimmed).
  toList(prototype, param, value)::
    if value == null || value == '' then []
    else if std.isArray(value) then value
    else if std.isString(value) then [std.stripChars(item, ' ') for item in std.split(value, ',') if std.stripChars(item, ' ') != '']
    else self.fail(prototype, 'parameter %s must be a comma-separated string or an array, got %s' % [param, std.manifestJsonMinified(value)]),

  oneOf(prototype, param, value, allowed)::
    if std.member(allowed, value) then value
    else self.fail(prototype, 'parameter %s must be one of %s, got %s' % [
      param,
      std.join(', ', [std.manifestJsonMinified(a) for a in allowed]),
      std.manifestJsonMinified(value),
    ]),

  requireString(prototype, param, value)::
    if std.isString(value) && value != '' then value
    else self.fail(prototype, 'parameter %s is required (a non-empty string), got %s' % [param, std.manifestJsonMinified(value)]),

  // The namespace parameter defaults to the environment's namespace.
  namespace(params, envNamespace):: if self.isSet(std.get(params, 'namespace')) then params.namespace else envNamespace,

  list(items):: { apiVersion: 'v1', kind: 'List', items: items },
}
