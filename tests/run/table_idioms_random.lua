-- Random sequences of the table idioms compiled with fast paths (appends with #t and
-- table.insert, pops, holes, ipairs and pairs, objects made by the constructor idiom,
-- method calls), driven by a fixed generator: the totals must match lua5.4's.
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n + 1
end

local Base = {}
Base.__index = Base
function Base.new(v)
  local self = setmetatable({}, Base)
  self.v = v
  self.w = v * 2
  return self
end
function Base:get() return self.v + self.w end
local Derived = setmetatable({}, { __index = Base })
Derived.__index = Derived
function Derived.new(v)
  local self = Base.new(v)
  self.extra = 1
  return setmetatable(self, Derived)
end
function Derived:more() return self:get() + self.extra end

local totals = { len = 0, ipairs = 0, pairs = 0, keys = 0, objects = 0 }
for round = 1, 200 do
  local t = {}
  for _ = 1, rand(40) do
    local op = rand(10)
    if op <= 4 then
      t[#t + 1] = rand(100)
    elseif op == 5 then
      table.insert(t, rand(100))
    elseif op == 6 then
      t[#t] = nil
    elseif op == 7 and #t > 2 then
      t[rand(#t)] = rand(100) -- replaced in place (no holes: with them `#` may give any
                              -- border, and lua5.4's depends on its table layout)
    elseif op == 8 then
      table.insert(t, 1, rand(100))
    elseif op == 9 and #t > 0 then
      table.remove(t)
    else
      t["k" .. rand(5)] = rand(100)
    end
    totals.len = totals.len + #t
  end
  for i, v in ipairs(t) do totals.ipairs = totals.ipairs + i * v end
  for k, v in pairs(t) do
    totals.pairs = totals.pairs + v
    totals.keys = totals.keys + (type(k) == "number" and k or #k)
  end
  local objs = {}
  for i = 1, rand(6) do objs[i] = (rand(2) == 1) and Base.new(i + round) or Derived.new(i) end
  for _, o in ipairs(objs) do
    totals.objects = totals.objects + o:get() + (getmetatable(o) == Derived and o:more() or 0)
  end
end
print(totals.len, totals.ipairs, totals.pairs, totals.keys, totals.objects)
