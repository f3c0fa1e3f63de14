-- Method calls remember where they found the method; every change must be seen.
local A = {}
A.__index = A
function A:who() return "A" end
local B = {}
B.__index = B
function B:who() return "B" end
local o = setmetatable({}, A)
local function call(x) return x:who() end
print(call(o), call(o))
function A:who() return "A2" end                 -- method replaced in the class
print(call(o))
setmetatable(o, B)                               -- another class
print(call(o))
o.who = function() return "own" end              -- an own field shadows it
print(call(o))
o.who = nil
print(call(o))
for i = 1, 40 do B["extra" .. i] = i end         -- the class table rehashes: slots move
print(call(o))
B.__index = function(t, k) return function() return "fn " .. k end end
print(call(o))
B.__index = A                                    -- __index now another table
print(call(o))
A.who = nil
print(pcall(call, o))
local mt = getmetatable(o)
mt.__index = nil
print(pcall(call, o))
-- many objects of several classes through one call site
local classes = {}
for c = 1, 3 do
  local C = {}
  C.__index = C
  C.id = function() return c end
  classes[c] = C
end
local sum = 0
for i = 1, 300 do sum = sum + setmetatable({}, classes[i % 3 + 1]):id() end
print(sum)
