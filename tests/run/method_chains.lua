-- Methods found two or more __index tables away (an object of a subclass calling an
-- inherited method), from call sites in loops: every change along the chain is seen at
-- the next call.
local A = {}
A.__index = A
function A:name() return "A.name" end
function A:hello() return "hello from " .. self:name() end
local B = setmetatable({}, { __index = A })
B.__index = B
local C = setmetatable({}, { __index = B })
C.__index = C
function C:name() return "C.name" end

local c = setmetatable({}, C)
local b = setmetatable({}, B)
local out = {}
for i = 1, 12 do
  if i == 3 then function B:hello() return "B.hello" end end -- an override appears midway
  if i == 5 then B.hello = nil end                            -- and goes (a dead key in B)
  if i == 7 then c.hello = function() return "own" end end    -- the object's own field
  if i == 8 then c.hello = nil end
  if i == 9 then getmetatable(B).__index = function(_, k) return function() return "fn " .. k end end end
  if i == 11 then getmetatable(B).__index = A end
  out[#out + 1] = c:hello() .. "|" .. b:hello()
end
print(table.concat(out, "\n"))

-- one call site, objects of four depths in turn
local D = setmetatable({}, { __index = C })
D.__index = D
local objs = { setmetatable({}, A), b, c, setmetatable({}, D) }
local names = {}
for i = 1, 8 do names[i] = objs[(i - 1) % 4 + 1]:name() end
print(table.concat(names, " "))

-- a class whose filter bit for the method is taken by another key still passes the
-- lookup on (f12 and hello's bits may or may not collide: both ways must work)
local E = setmetatable({ f12 = 1, f15 = 2, f16 = 3, f58 = 4 }, { __index = A })
E.__index = E
local e = setmetatable({ f61 = 5 }, E)
for _ = 1, 3 do print(e:hello(), e:name()) end

-- a missing method, a metatable without __index, and a loop of __index tables
print(pcall(function() return c:nothing() end))
local plain = setmetatable({}, {})
print(pcall(function() return plain:name() end))
local L1, L2 = {}, {}
L1.__index = L2
L2.__index = L1
setmetatable(L1, L2)
setmetatable(L2, L1)
print(pcall(function() return setmetatable({}, L1):name() end))
