-- Short strings are interned: equal strings are one object, compared by address. A burst
-- of strings that die leaves the intern table mostly empty, and a collection then shrinks
-- it; strings kept alive across the shrink must still be found, as keys and by `==`.
local kept, index = {}, {}
for i = 1, 200000 do
  local s = tostring(i) .. "x"
  if i % 1000 == 0 then
    kept[#kept + 1] = s
    index[s] = i
  end
end
collectgarbage()
collectgarbage()
local same, found = 0, 0
for i = 1000, 200000, 1000 do
  local s = tostring(i) .. "x"
  if s == kept[i // 1000] then same = same + 1 end
  if index[s] == i then found = found + 1 end
end
print(#kept, same, found)
-- a second burst, and strings made again after each collection
for round = 1, 3 do
  local n = 0
  for i = 1, 50000 do
    local s = "r" .. round .. ":" .. i
    if #s > 0 then n = n + 1 end
  end
  collectgarbage()
  local t = {}
  for i = 1, 100 do t["r" .. round .. ":" .. i] = i end
  local hits = 0
  for i = 1, 100 do if t["r" .. round .. ":" .. i] == i then hits = hits + 1 end end
  print(round, n, hits, index["5000x"], kept[7] == "7000x")
end
