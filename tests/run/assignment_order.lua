local t = {}
local i = 1
i, t[i] = i + 1, "first"
print(i, t[1], t[2])
local a = {1, 2, 3}
local j = 1
a[j], a[j + 1], j = "x", "y", 10
print(a[1], a[2], a[3], j)
local x, y, z = 1, 2, 3
x, y, z = z, x, y
print(x, y, z)
local function two() return "p", "q" end
local m = {}
m.a, m.b, m.c = two()
print(m.a, m.b, m.c)
m.a, m.b, m.c = two(), "r"
print(m.a, m.b, m.c)
local g = setmetatable({}, {__newindex = function(tt, k, v) rawset(tt, k, v .. "!") end})
g.one, g.two = "1", "2"
print(g.one, g.two)
