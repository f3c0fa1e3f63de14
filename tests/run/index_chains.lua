-- Field lookups through __index chains, as classes and inheritance use them.
local Base = {}
Base.__index = Base
function Base.new(x) return setmetatable({x = x}, Base) end
function Base:get() return self.x end
function Base:kind() return "base" end

local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
function Derived.new(x) return setmetatable(Base.new(x), Derived) end
function Derived:kind() return "derived" end

local b, d = Base.new(1), Derived.new(2)
print(b:get(), b:kind(), d:get(), d:kind(), d.missing, b.missing)

-- a function at the end of the chain receives the table where the chain reached it
local Lazy = setmetatable({}, {__index = function(t, k) return "computed " .. k .. " " .. tostring(rawequal(t, Lazy)) end})
Lazy.__index = Lazy
local obj = setmetatable({}, Lazy)
print(obj.anything)

-- a string's methods through a table's __index
local S = setmetatable({}, {__index = "text"})
print(pcall(function() return type(S.len), S.len == string.len end))

-- fields shadowing the class, then removed again
d.kind = function() return "own" end
print(d:kind())
d.kind = nil
print(d:kind())

-- methods added to the class later are seen
function Base:extra() return "extra " .. self.x end
print(d:extra())

-- a loop in the chain
local A, B = {}, {}
setmetatable(A, {__index = B})
setmetatable(B, {__index = A})
print(pcall(function() return A.nothing end))

-- indexing a non-table in the chain with a missing metamethod
local N = setmetatable({}, {__index = 42})
print(pcall(function() return N.x end))
