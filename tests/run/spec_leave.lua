-- Specialised loops keep their locals at one number kind and check it after each
-- assignment. When a slow path breaks a kind (a metamethod, a field holding something
-- else than the floats before it), the iteration goes on in the generic copy from the
-- next statement, and the next iteration checks its way back.

local mt = {
  __add = function(a, b) return 10 end,
  __mul = function(a, b) return "m" end,
  __sub = function(a, b) return {} end,
}
local odd = setmetatable({}, mt)

-- a float local of the loop becomes an integer, a string, a table
local t = {1.5, 2.5, odd, 4.5, 7, "8", 2^53, -0.0, 0/0}
local s = 0.0
for i = 1, #t do
  local x = s * 0.5
  local y = x + t[i]
  if type(y) == "number" then
    s = s + y
  else
    s = s + 1
  end
  print(i, math.type(x), math.type(y), y ~= y and "nan" or y, s ~= s and "nan" or s)
end

-- the same in a while loop, the assignment last in an `if` arm and in nested arms
local j, acc, last = 0, 0.25, nil
while j < #t do
  j = j + 1
  local v = acc * 2
  if j % 2 == 0 then
    v = v - t[j]
  elseif j % 3 == 0 then
    if t[j] == odd then
      v = odd * v
    else
      v = v * t[j]
    end
  end
  last = v
  if type(v) == "number" and v == v then acc = acc + v / 8 end
  print(j, type(last), math.type(last), acc)
end

-- integers kept: wrap-around stays an integer, `//` and `%` too; a float operand leaves
local u = {3, 4, 5.5, 6, math.maxinteger}
local n = 0
for i = 1, #u do
  local k = n + i * 3
  local q = k // 2
  local r = k % 7
  local w = q + u[i]
  n = n + r
  print(i, k, q, r, w, math.type(w), n)
end

-- swaps and multiple assignment of kept locals, one of them broken by a call
local function g(v) if v > 3 then return "big" end return v * 1.5 end
local a, b = 1.0, 2.0
for i = 1, 6 do
  local p, q = a * 2, b * 2
  p, q = q, g(i)
  if type(q) == "string" then q = #q + 0.5 end
  a, b = q / 4, p / 4
  print(i, p, q, a, b)
end

-- an error raised after leaving, with its line
local ok, err = pcall(function()
  local z = 1.5
  local f = {2.5, 3.5, odd}
  for i = 1, #f do
    local m = z * f[i]
    z = z + m * 2
  end
  return z
end)
print(ok, err)
