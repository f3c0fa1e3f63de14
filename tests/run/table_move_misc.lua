local t = {1, 2, 3, 4, 5}
table.move(t, 2, 4, 1)
print(table.concat(t, ","))
t = {1, 2, 3, 4, 5}
table.move(t, 1, 3, 3)
print(table.concat(t, ","))
local dst = table.move({1, 2, 3}, 1, 3, 2, {"a"})
print(table.concat(dst, ","))
print(#table.move({}, 1, 0, 1), table.move({1}, 1, 1, 1) ~= nil)
print(pcall(table.move, {}, 1, math.maxinteger, 2))
local proxy = setmetatable({}, {__index = function(_, k) return k * 10 end, __newindex = function(t, k, v) rawset(t, k, v + 1) end})
local out = table.move(proxy, 1, 3, 1, {})
print(out[1], out[2], out[3])
print(table.unpack(table.move({10, 20, 30}, 1, 3, 1, proxy), 1, 3))
