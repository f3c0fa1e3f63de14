-- Table-heavy work: array fill and sum, hash inserts and lookups, insert/remove.
local N = 3000000
local t = {}
for i = 1, N do t[i] = i * 2 end
local s = 0
for i = 1, N do s = s + t[i] end
print(s)
local h = {}
for i = 1, 200000 do h["k" .. (i % 50000)] = i end
local hs = 0
for _, v in pairs(h) do hs = hs + v end
print(hs)
local q = {}
for i = 1, 200000 do table.insert(q, i) end
local r = 0
while #q > 0 do r = r + table.remove(q) end
print(r)
local grid = {}
for y = 1, 300 do local row = {} grid[y] = row for x = 1, 300 do row[x] = x + y end end
local g = 0
for _ = 1, 10 do for y = 1, 300 do local row = grid[y] for x = 1, 300 do g = g + row[x] end end end
print(g)
