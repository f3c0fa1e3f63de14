local function count(n) if n == 0 then return 0 end return 1 + count(n - 1) end
print(count(190000))
local function sum(t, i) if i > #t then return 0 end return t[i] + sum(t, i + 1) end
local t = {}
for i = 1, 10000 do t[i] = i end
print(sum(t, 1))
local ok, e = pcall(function() local function inf(n) return 1 + inf(n) end return inf(1) end)
print(ok, e)
print(count(1000))
