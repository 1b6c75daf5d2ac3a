// Non-tail recursion close to the default stack limit, repeated.
local sum(n) = if n == 0 then 0 else n + sum(n - 1);
std.foldl(function(acc, i) acc + sum(300), std.range(1, 400), 0)
