local doc = {
  ['item%d' % i]: { id: i, name: 'n%d' % i, tags: ['a', 'b', 'c'], nested: { x: i / 3, ok: i % 2 == 0, none: null } }
  for i in std.range(1, 3000)
};
[std.length(std.manifestYamlDoc(doc)), std.length(std.manifestJsonEx(doc, '  '))]
