local fs = {}
for i = 1, 3 do
  local j = i * 10
  fs[#fs + 1] = function() j = j + 1; return i, j end
end
print(fs[1]()); print(fs[1]()); print(fs[3]())
local ws = {}
local n = 0
while n < 3 do
  n = n + 1
  local m = n
  ws[n] = function() return m end
end
print(ws[1](), ws[2](), ws[3]())
local rs = {}
local c = 0
repeat
  c = c + 1
  local v = c
  rs[c] = function() return v end
until v >= 3
print(rs[1](), rs[3]())
for k, v in pairs({a = 1}) do fs.kv = function() return k, v end end
print(fs.kv())
