// A long inheritance chain: 300 layers, each overriding a field through super, plus
// fib(20) computed through super.a + super.b chains (field caching per layer and self).
local layer(i) = { count: super.count + 1, total: super.total + i, ['f%d' % i]: i };
local chain = std.foldl(function(acc, i) acc + layer(i), std.range(1, 300), { count: 0, total: 0 });
local Fib = { a: 1, b: 1, n:: 0 };
local step = { a: super.b, b: super.a + super.b };
local fib = std.foldl(function(acc, _) acc + step, std.range(1, 20), Fib);
[chain.count, chain.total, std.length(std.objectFields(chain)), fib.b]
