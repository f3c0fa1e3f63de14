print(select('#'), select('#', nil), select(1, 1, 2, 3), select(3, 1, 2, 3), select(4, 1, 2, 3))
print(pcall(select, 0, 1))
print(select(-2, "a", "b", "c"))
local t = {x = 1}
local k, v = next(t)
print(k, v, next(t, k))
print(next({}), type(next))
local count = 0
for _ in pairs({1, 2, 3, a = 1, b = 2}) do count = count + 1 end
print(count)
local t2 = {1, 2, 3, 4, 5}
for k in pairs(t2) do t2[k] = nil end
print(next(t2))
