-- Known functions computing on numbers only get typed entries (no call frame, unboxed
-- arguments); these calls check that the typed and the generic paths agree everywhere.

local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20), fib(1), fib(-3))
-- the same function through its generic path: floats, strings, missing arguments
print(fib(10.0), fib(12.0), pcall(fib))
print(pcall(fib, {}))

-- integer overflow wraps as in generic code
local function twice(n) return n + n end
print(twice(math.maxinteger), twice(math.mininteger), twice(-0.0), twice(0 / 0) ~= twice(0 / 0))

-- floor division and modulo by constants, including -1 and negative operands
local function divs(a) return a // 3 + a % 3 * 1000 end
local function negdiv(a) return a // -1 end
local function negmod(a) return a % -1 end
local function fdivs(x) return x // 2.5 + x % -2.5 * 100 end
for _, v in ipairs({ 7, -7, 0, math.maxinteger, math.mininteger }) do
  print(v, divs(v), negdiv(v), negmod(v))
end
for _, v in ipairs({ 7.5, -7.5, 0.0, -0.0, 1 / 0, -1 / 0 }) do
  print(v, fdivs(v))
end
print(fdivs(0 / 0) ~= fdivs(0 / 0))

-- mixed integer and float arithmetic, `/` and `^`, bitwise operators
local function mix(i, x) return i * x + i / 2 + 2 ^ i + (i & 6 | 1 ~ 3) + ~i end
local nan = mix(0, 1 / 0) -- (the sign of a NaN folded from constants is LLVM's: see README)
print(mix(3, 0.5), mix(-4, -0.0), nan ~= nan)

-- mutual recursion, conditions with and/or/not, while and repeat loops
local is_odd
local function is_even(n) if n == 0 then return 1 end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return 0 end return is_even(n - 1) end
print(is_even(10), is_even(7))
local function collatz(n)
  local steps = 0
  while n ~= 1 do
    if n % 2 == 0 then n = n // 2 else n = 3 * n + 1 end
    steps = steps + 1
  end
  return steps
end
local function digits(n)
  local c = 0
  repeat c = c + 1; n = n // 10 until n == 0 or c > 100
  return c
end
print(collatz(27), digits(0), digits(123456789), digits(-5))
local function cond(a, b)
  if a > b and not (a == 3) or b >= 10 then return 1 elseif a <= b then return 2 else return 3 end
end
print(cond(5, 1), cond(3, 1), cond(1, 10), cond(1, 2), cond(3, 3))

-- numeric for loops: negative steps, bounds at the ends of the integer range, break
local function sum(a, b)
  local s = 0
  for i = a, b do s = s + i end
  for i = b, a, -2 do s = s + i end
  return s
end
local function tail_of_range(max, min)
  local n = 0
  for i = max - 2, max do n = n + 1 end
  for i = min + 2, min, -1 do n = n + 1 end
  for i = 1, 0 do n = n + 100 end
  for i = 1, 100 do if i > 5 then break end n = n + 1 end
  return n
end
print(sum(1, 10), sum(10, 1), sum(-3, 3), tail_of_range(math.maxinteger, math.mininteger))

-- floats: NaN comparisons, -0.0, infinities
local function fcmp(x, y)
  if x < y then return 1.0 elseif x == y then return 0.0 elseif x > y then return -1.0 end
  return 0 / 0
end
print(fcmp(1.0, 2.0), fcmp(-0.0, 0.0), fcmp(3.0, 2.0), fcmp(0 / 0, 1.0) ~= fcmp(0 / 0, 1.0))
print(fcmp(1 / 0, 1 / 0), fcmp(-1 / 0, 1 / 0))

-- a typed function called from a loop (float arguments)
local function half(x) return x * 0.5 end
local acc = 0.0
for i = 1, 1000 do acc = acc + half(i + 0.0) end
print(acc)

-- a tail call in a typed entry does not grow the stack
local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end
print(count(3000000, 0))

-- stack overflow inside the typed entry is the same catchable error
local function deep(n) if n < 0 then return 0 end return 1 + deep(n + 1) end
local ok, err = pcall(deep, 1)
print(ok, err)
-- and the program goes on normally after it
print(fib(15))
-- inside a coroutine: its own depth budget and native stack
print(pcall(coroutine.wrap(function() return deep(1) end)))
print(coroutine.wrap(function() return fib(20) + count(100000, 0) end)())
