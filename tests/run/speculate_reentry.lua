-- Specialised loops are re-entered when locals settle on their kinds after the first
-- iteration (an accumulator starting as the integer 0), and left when a metamethod changes
-- a kind mid-loop; results must be those of the generic code in every case.

local function sum(t, n)
  local s = 0
  for i = 1, n do s = s + t[i] * 0.5 end
  return s
end
-- (called in a loop, so that its loop, which indexes a table, gets a specialised copy)
for _ = 1, 1 do
  print(sum({}, 0), math.type(sum({}, 0)))           -- zero iterations: still the integer 0
  print(sum({ 2, 4, 6 }, 3), math.type(sum({ 2 }, 1)))
end

-- an accumulator that is an integer at entry, a float after
local acc = 0
for i = 1, 10 do acc = acc + i / 4 end
print(acc, math.type(acc))

-- a metamethod returns an integer, a string, a table mid-loop
local weird = setmetatable({}, { __mul = function(_, b)
  if b == 3 then return 7 elseif b == 5 then return "x" end
  return 1.25
end })
local function mixed(n)
  local s = 0
  local log = {}
  for i = 1, n do
    local v = weird * i
    if type(v) == "number" then s = s + (v + 0.0) else log[#log + 1] = i end
  end
  return s, math.type(s), #log
end
print(mixed(8))

-- the guarded local becomes a table through __mul, then an integer through __add
local T = setmetatable({}, { __add = function(a, b) return 100 end })
local K = setmetatable({}, { __mul = function(a, b) return T end })
local function through(n, k)
  local x = 0
  for i = 1, n do
    x = x + 0.5
    if i == 3 then x = 0.5 * k end
  end
  return x, math.type(x)
end
print(through(6, K))
print(through(2, K))
print(through(0, K))
print(through(3, K) == T)

-- integer overflow inside a specialised integer loop, NaN and -0.0 in a float one
local function wrap(n)
  local v = 9223372036854775805
  for i = 1, n do v = v + 1 end
  return v
end
print(wrap(5), math.type(wrap(5)))
local function floats(n)
  local z = -0.0
  local nan = 0
  for i = 1, n do
    z = z * 1.0
    nan = nan + 0 / 0
  end
  return z, nan ~= nan, 1 / z
end
print(floats(3))

-- kinds guessed from math.floor/sqrt/abs: a wrong guess (the floor of a huge float is a
-- float; a replaced library function) takes the generic path
local function floors(x, n)
  local f = math.floor(x)
  local s = math.sqrt(x)
  local a = math.abs(-x)
  for i = 1, n do f = f + 1; s = s * 1.5; a = a + i end
  return f, math.type(f), s, a, math.type(a)
end
print(floors(2.5, 3))
print(floors(1e300, 2))
print(floors(7, 2))
local saved = math.floor
math.floor = function(v) return "x" .. v end
print(pcall(floors, 3, 1))
math.floor = saved
