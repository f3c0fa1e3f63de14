local grid = {}
for y = 1, 300 do local row = {} grid[y] = row for x = 1, 300 do row[x] = x + y end end
local g = 0
for _ = 1, 10 do for y = 1, 300 do local row = grid[y] for x = 1, 300 do g = g + row[x] end end end
print(g)
