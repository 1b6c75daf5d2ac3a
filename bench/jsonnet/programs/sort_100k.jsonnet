local xs = [std.mod(i * 7919, 100003) for i in std.range(1, 100000)];
local sorted = std.sort(xs);
local byKey = std.sort(std.range(1, 20000), function(x) -x);
[sorted[0], sorted[99999], byKey[0]]
