-- Array parts created by constructors, then grown, shrunk and rehashed.
local function dump(t, n)
  local out = {}
  for i = 1, n do out[#out + 1] = tostring(t[i]) end
  return table.concat(out, ",")
end

local t = {1, 2, 3}
for i = 4, 40 do t[i] = i * 10 end          -- outgrows the constructor's part
print(#t, dump(t, 42))
for i = 40, 10, -1 do t[i] = nil end        -- shrinks back by rehash
t.x = "x"; t.y = "y"; t.z = "z"             -- forces rehashes with a hash part
for i = 1, 30 do t["k" .. i] = i end
print(#t, dump(t, 12), t.x, t.k30)

local u = {"a", "b"}
u[1], u[2] = nil, nil
for i = 1, 20 do u["h" .. i] = i end         -- rehash: the array part may go away
u[1] = "again"
u[2] = "two"
u[3] = "three"
print(#u, u[1], u[2], u[3], u.h20)

local full = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
table.insert(full, 1, 0)
table.insert(full, 99)
print(#full, dump(full, 18))
while #full > 3 do table.remove(full) end
print(#full, dump(full, 4))

local big = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
big[21] = 21
print(#big, big[20], big[21])

-- many small tables kept alive while the collector runs
local keep = {}
for i = 1, 4000 do keep[i] = {i, i + 1, {i}} end
collectgarbage()
local s = 0
for i = 1, #keep do s = s + keep[i][1] + keep[i][2] + keep[i][3][1] end
print(s)
for i = 1, #keep, 2 do keep[i][4] = i end
collectgarbage()
s = 0
for i = 1, #keep, 2 do s = s + keep[i][4] + #keep[i] end
print(s)
