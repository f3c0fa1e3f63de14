local Base = {}
Base.__index = Base
function Base.new(x) return setmetatable({x = x}, Base) end
function Base:describe() return "Base(" .. self.x .. ")" end
function Base:twice() return self:describe() .. self:describe() end
local Derived = setmetatable({}, {__index = Base})
Derived.__index = Derived
function Derived.new(x, y) local o = Base.new(x); o.y = y; return setmetatable(o, Derived) end
function Derived:describe() return "Derived(" .. self.x .. "," .. self.y .. ")" end
local b, d = Base.new(1), Derived.new(2, 3)
print(b:describe(), d:describe(), d:twice())
print(getmetatable(d) == Derived, getmetatable(Derived).__index == Base, rawget(Derived, "twice"))
local Shape = {area = function() return 0 end}
Shape.__index = Shape
local Sq = setmetatable({area = function(s) return s.side ^ 2 end}, Shape)
Sq.__index = Sq
local shapes = {setmetatable({}, Shape), setmetatable({side = 3}, Sq)}
for i, s in ipairs(shapes) do print(i, s:area()) end
