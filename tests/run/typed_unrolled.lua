-- Typed entries whose `return` calls the function twice get a twin at -O Release (one
-- level of the recursion inlined into each call): results, depth and errors as before.

-- tree recursion, integer and float
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local function ffib(x) if x < 2.0 then return x end return ffib(x - 1.0) + ffib(x - 2.0) end
print(fib(0), fib(1), fib(2), fib(25), ffib(20.0), ffib(2.5))

-- three calls in one return, and subtraction (not commutative) between them
local function trib(n) if n < 3 then return n end return trib(n - 1) + trib(n - 2) + trib(n - 3) end
local function alt(n) if n < 2 then return n end return alt(n - 1) - alt(n - 2) * 2 end
print(trib(20), alt(20), alt(21))

-- a call nested in the arguments of another (Ackermann), and a tail call of itself
local function ack(m, n)
  if m == 0 then return n + 1 end
  if n == 0 then return ack(m - 1, 1) end
  return ack(m - 1, ack(m, n - 1))
end
print(ack(2, 3), ack(3, 3))

-- a function with one return that calls itself once and another that calls it twice
local function mixed(n)
  if n < 0 then return mixed(-n) end
  if n < 2 then return n end
  return mixed(n - 1) + mixed(n - 2)
end
print(mixed(-20), mixed(20))

-- integer overflow wraps in both copies
local function wrap(n) if n < 1 then return 9223372036854775807 end return wrap(n - 1) + wrap(n - 1) end
print(wrap(3), wrap(10))

-- the generic entry still takes other kinds
print(fib(10.0), pcall(fib, "x"))

-- too deep: the same catchable error, and the program goes on
local function deep(n) if n < 0 then return 0 end return deep(n + 1) + deep(n + 2) end
print(pcall(deep, 1))
print(fib(20))
print(pcall(coroutine.wrap(function() return deep(1) end)))
