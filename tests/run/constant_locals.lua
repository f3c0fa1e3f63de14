-- A local initialised with a number literal and never assigned again is a constant (as
-- Lua 5.4 makes <const> locals); any assignment, anywhere, makes it a variable again.
local K, F = 7, 2.5
local function scale(x) return x * K + F end
print(scale(3), scale(1.5), math.type(scale(2)))

local changed = 10
local function bump() changed = changed + 1 end
local function read() return changed end
bump()
print(read(), changed)

local later = 1
local function get_later() return later end
print(get_later())
later = "now a string"
print(get_later())

-- shadowing: the inner local is another variable
local S = 3
do
  local S = S + 1
  print(S)
end
print(S)

-- deep nesting, and a constant in a typed function
local LIMIT = 1000
local function outer()
  return function(n)
    local total = 0
    for i = 1, n do if i % 7 == 0 then total = total + LIMIT end end
    return total
  end
end
print(outer()(50))
local function clamp(v) if v > LIMIT then return LIMIT end return v end
print(clamp(5), clamp(5000))

-- constants used as callees and table keys, in errors and in loops
local NOT_A_FUNCTION = 42
print(pcall(function() return NOT_A_FUNCTION() end))
local t = { [K] = "seven" }
print(t[K], t[7])
local s = 0
for i = 1, K do s = s + F end
print(s)
-- integer overflow with a constant operand
local BIG = 9223372036854775807
local function over(x) return x + BIG end
print(over(1), over(0))
