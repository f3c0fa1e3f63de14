-- Empty constructors made with room for the fields the function stores into them next
-- (`local self = setmetatable({}, C)` then `self.x = ...`): the tables must behave as if
-- they had grown key by key.
local function sorted_pairs(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  return table.concat(keys, ",")
end

local Point = {}
Point.__index = Point
function Point.new(x, y, z)
  local self = setmetatable({}, Point)
  self.x = x
  self.y = y
  if z then self.z = z end -- a store the constructor does not always make
  return self
end
function Point:sum() return self.x + self.y + (self.z or 0) end

local total = 0
for i = 1, 1000 do
  local p = Point.new(i, 2, i % 2 == 0 and 3 or nil)
  total = total + p:sum()
end
print(total, sorted_pairs(Point.new(1, 2)), sorted_pairs(Point.new(1, 2, 3)))

-- more keys than the room made: the table grows as usual
local function config(n)
  local c = {}
  c.name = "cfg"
  c.size = n
  for i = 1, n do c["opt" .. i] = i end
  c[1], c[2] = "a", "b"
  return c
end
local c = config(40)
print(c.name, c.size, c.opt1, c.opt40, #c, select(2, sorted_pairs(c):gsub(",", ",")))

-- __newindex on the class still sees every new field; stores of nil make no key
local log = {}
local Tracked = {}
Tracked.__index = Tracked
Tracked.__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v) end
local function tracked(a)
  local self = setmetatable({}, Tracked)
  self.a = a
  self.b = nil
  self.c = a
  return self
end
local t1 = tracked(5)
print(t1.a, t1.b, t1.c, table.concat(log, " "), sorted_pairs(t1))

-- a local reassigned: the room is only a size, the second table grows as usual
local o = {}
o.first = 1
o = { kept = true }
o.second = 2
print(sorted_pairs(o))

-- methods defined on a class table made by `local C = {}`
local C = {}
function C.a() return "a" end
function C.b() return "b" end
function C:c() return "c" end
C.__index = C
print(C.a() .. C.b() .. C:c(), sorted_pairs(C))

-- next() and removal on a table made with room
local r = {}
r.x, r.y = 1, 2
r.x = nil
print(next(r), sorted_pairs(r))
