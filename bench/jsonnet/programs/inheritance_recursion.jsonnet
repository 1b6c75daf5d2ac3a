// Fibonacci through self and object inheritance (field caching per self).
local Fib = {
  n:: 0,
  value: if self.n <= 1 then self.n else (Fib { n: $.n - 1 }).value + (Fib { n: $.n - 2 }).value,
};
(Fib { n: 22 }).value
