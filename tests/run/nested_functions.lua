local function make_adder(x) return function(y) return function(z) return x + y + z end end end
print(make_adder(1)(2)(3))
local compose = function(f, g) return function(...) return f(g(...)) end end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
local function apply(f, ...) return f(...) end
print(apply(math.max, 3, 9, 4), apply(select, "#", 1, 2))
local memo = {}
local function mfib(n) if n < 2 then return n end if memo[n] then return memo[n] end local v = mfib(n - 1) + mfib(n - 2) memo[n] = v return v end
print(mfib(80))
