local q = {}
for i = 1, 200000 do table.insert(q, i) end
local r = 0
while #q > 0 do r = r + table.remove(q) end
print(r)
