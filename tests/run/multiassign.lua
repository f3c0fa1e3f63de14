local a, b = 1, 2
a, b = b, a
print(a, b)
local t = {}
local i = 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local x, y, z = 1
print(x, y, z)
x, y = 1, 2, 3
print(x, y)
local function f() return 10, 20, 30 end
x, y, z = f()
print(x, y, z)
x, y, z = f(), 5
print(x, y, z)
t.a, t.b = f()
print(t.a, t.b)
