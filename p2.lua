local h = {}
for i = 1, 200000 do h["k" .. (i % 50000)] = i end
local hs = 0
for _, v in pairs(h) do hs = hs + v end
print(hs)
