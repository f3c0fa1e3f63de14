-- o:m() is found inline through the site's cache when o has no own field m, its
-- metatable is the cached one and __index a table holding m; every change must be seen.
local A = {}
A.__index = A
function A:who() return "A" end
function A:twice(x) return 2 * x end
local B = setmetatable({}, { __index = A })
B.__index = B
function B:who() return "B" end

local objs = { setmetatable({}, A), setmetatable({}, B), setmetatable({ who = function() return "own" end }, A) }
local function round()
  local out = {}
  for i, o in ipairs(objs) do out[i] = o:who() .. o:twice(i) end
  return table.concat(out, " ")
end
print(round())
print(round())

-- the class method replaced, removed (found further up the chain), and restored
function A:twice(x) return 3 * x end
print(round())
B.who = nil
print(round())
function B:who() return "B again" end
print(round())

-- an own field added to an object after the site cached the class method
objs[1].who = function() return "late own" end
print(round())
objs[1].who = nil
print(round())

-- __index becomes a function, then the metatable changes
A.__index = function(t, k) return function() return "via function " .. k end end
print(objs[1]:who(), objs[1]:twice(1))
A.__index = A
setmetatable(objs[1], B)
print(objs[1]:who(), objs[1]:twice(1))

-- many own fields: the method's home slot taken by another key
local crowded = setmetatable({}, A)
for i = 1, 40 do crowded["f" .. i] = i end
print(crowded:who(), crowded.f7)

-- methods on strings and errors
print(("abc"):upper(), ("x"):rep(3))
print(pcall(function() local n = 5 return n:who() end))
print(pcall(function() return setmetatable({}, A):nothing() end))

-- the class table rehashes after the site cached a slot in it (slots move)
local C = {}
C.__index = C
function C:who() return "C" end
local c = setmetatable({}, C)
local function call(x) return x:who() end
print(call(c), call(c))
for i = 1, 40 do C["extra" .. i] = i end
print(call(c))
-- the method removed everywhere, then __index removed
C.who = nil
print(pcall(call, c))
C.__index = nil
print(pcall(call, c))

-- many objects of several classes through one call site
local classes = {}
for k = 1, 3 do
  local K = {}
  K.__index = K
  K.id = function() return k end
  classes[k] = K
end
local sum = 0
for i = 1, 300 do sum = sum + setmetatable({}, classes[i % 3 + 1]):id() end
print(sum)

-- Records built by one constructor in a loop (their hash parts copied from the site's
-- first table): a field whose key filter bit is the method's (f12 and who share one)
-- sends the call to the runtime, which finds the class method; an own `who` field in
-- the constructor, or added later, or removed again, is seen at every iteration.
local P = {}
P.__index = P
function P:who() return "P" .. self.n end
local seen = {}
for i = 1, 6 do
  local plain = setmetatable({ n = i, x = 0 }, P)
  local crowded_rec = setmetatable({ n = i, f12 = true }, P)
  local own = setmetatable({ n = i, who = function() return "own" .. i end }, P)
  if i == 3 then plain.who = function() return "late" end end
  if i == 4 then own.who = nil end
  seen[#seen + 1] = plain:who() .. "/" .. crowded_rec:who() .. "/" .. own:who()
end
print(table.concat(seen, " "))
-- a record that outgrows its first hash part keeps every key's bit after the rehash
local grow = setmetatable({ n = 0 }, P)
for i = 1, 20 do
  grow["f" .. i] = i
  if i == 16 then grow.who = function() return "grown" end end
  seen[i] = grow:who()
end
print(table.concat(seen, " ", 1, 20))
