local s = string.rep("abcdefghij", 100)
print(#s, s:sub(1, 5), s:sub(-5))
local parts = {}
for i = 1, 50 do parts[#parts + 1] = tostring(i) end
local joined = table.concat(parts, "+")
print(#joined, joined:sub(1, 20))
local a = string.rep("x", 60)
local b = string.rep("x", 60)
print(a == b, a < b .. "y", #(a .. b))
local keyed = {}
keyed[a] = "long key"
print(keyed[b])
