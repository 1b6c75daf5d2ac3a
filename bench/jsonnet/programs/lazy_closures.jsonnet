// Chains of closures over a lazy array (thunk caching).
local n = 32768;
local arr = std.makeArray(n, function(i) if i == 0 then 1 else (arr[i - 1] * 3) % 1000003);
local compose(f, g) = function(x) f(g(x));
local inc = function(x) x + 1;
local f = std.foldl(function(acc, _) compose(inc, acc), std.range(1, 100), function(x) x);
[arr[60], std.foldl(function(s, i) s + f(i), std.range(1, 4000), 0)]
