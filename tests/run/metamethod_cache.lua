-- Metatables gaining, losing and regaining metamethods after they were looked up: the
-- runtime's cache of absent metamethods must never go stale.
local mt = {__index = function() return 1 end}
local t = setmetatable({}, mt)
print(t.x)
mt.__index = nil
print(t.x)                                   -- absent now (and cached as absent)
mt.__index = function() return 2 end         -- the key's slot still exists: a raw reuse
print(t.x)

local arith = {}
local a = setmetatable({}, arith)
print(pcall(function() return a + 1 end))
arith.__add = function() return "added" end
print(a + 1)
arith.__add = nil
print(pcall(function() return a + 1 end))
rawset(arith, "__add", function() return "raw" end)
print(a + 1)

-- the same through a table constructor and a field assignment of a fresh table
local m2 = {}
local b = setmetatable({}, m2)
print(b.y, #b)
m2.__len = function() return 42 end
m2.__index = {y = "from index"}
print(b.y, #b)
m2.__index, m2.__len = nil, nil
print(b.y, #b)
m2.__index = {y = "again"}
print(b.y)

-- many objects sharing one metatable (the class pattern) see every change
local Class = {}
Class.__index = Class
local objs = {}
for i = 1, 5 do objs[i] = setmetatable({n = i}, Class) end
print(objs[1].get)
function Class.get(self) return self.n end
print(objs[3]:get(), objs[5]:get())
Class.get = nil
print(objs[2].get)
Class.get = function(self) return -self.n end
print(objs[4]:get())
-- __gc added to a metatable after setmetatable does not mark objects (5.4 semantics)
local fin = {}
local o = setmetatable({}, fin)
fin.__gc = function() print("never") end
o = nil
collectgarbage()
print("done")
