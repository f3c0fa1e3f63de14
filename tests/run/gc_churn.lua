local keep = {}
for i = 1, 200000 do
  local t = {i, tostring(i), {i}}
  if i % 1000 == 0 then keep[#keep + 1] = t end
end
print(#keep, keep[1][2], keep[200][3][1])
local s = 0
for i = 1, 100000 do
  local f = function() return i end
  s = s + f()
end
print(s)
local strs = {}
for i = 1, 50000 do strs[i % 100 + 1] = "str" .. i end
print(strs[1], strs[100])
collectgarbage()
print(collectgarbage("count") > 0, #keep)
