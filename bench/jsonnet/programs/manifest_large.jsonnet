// Large std.manifestYamlDoc / std.manifestJsonEx output (3,000 objects). Numbers are quarters, which
// print the same in go-jsonnet (shortest form) and C++ (%.17g), so outputs can be compared.
local doc = {
  ['item%d' % i]: { id: i, name: 'n%d' % i, tags: ['a', 'b', 'c'], nested: { x: i / 4, ok: i % 2 == 0, none: null } }
  for i in std.range(1, 3000)
};
[std.length(std.manifestYamlDoc(doc)), std.length(std.manifestJsonEx(doc, '  '))]
