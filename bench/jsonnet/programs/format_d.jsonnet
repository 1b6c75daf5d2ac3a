// 6,000 '%d' % j formats (11 s in C++ jsonnet, which interprets std.format in Jsonnet).
std.length(std.join(',', ['%d' % j for j in std.range(1, 6000)]))
