-- Objects with metatables and methods, closures as callbacks.
local Point = {}
Point.__index = Point
function Point.new(x, y) return setmetatable({x = x, y = y}, Point) end
function Point:add(o) return Point.new(self.x + o.x, self.y + o.y) end
function Point:len2() return self.x * self.x + self.y * self.y end
local function make_counter()
  local n = 0
  return function(k) n = n + k; return n end
end
local acc = Point.new(0, 0)
local step = Point.new(1, 2)
local counter = make_counter()
local total = 0
for i = 1, 4000000 do
  acc = acc:add(step)
  total = counter(i % 3)
end
print(acc.x, acc.y, acc:len2(), total)
local function map(t, f) local r = {} for i = 1, #t do r[i] = f(t[i]) end return r end
local data = {}
for i = 1, 1000 do data[i] = i end
local s = 0
for _ = 1, 300 do
  local m = map(data, function(v) return v * 2 + 1 end)
  s = s + m[#m]
end
print(s)
