local root = {}
local node = root
for i = 1, 100 do node.child = {depth = i}; node = node.child end
local count, n = 0, root
while n.child do count = count + 1; n = n.child end
print(count, n.depth)
local matrix = {}
for i = 1, 20 do matrix[i] = {} for j = 1, 20 do matrix[i][j] = i * j end end
local trace = 0
for i = 1, 20 do trace = trace + matrix[i][i] end
print(trace, #matrix, #matrix[20])
local t = {}
for i = 1, 1000 do t[i] = i end
for i = 1, 1000, 2 do t[i] = nil end
local c = 0
for _ in pairs(t) do c = c + 1 end
print(c)
local h = {}
for i = 1, 5000 do h["key" .. i] = i end
local s = 0
for k, v in pairs(h) do s = s + v end
print(s, h.key1, h.key5000, h.key5001)
for i = 1, 5000 do h["key" .. i] = nil end
print(next(h))
