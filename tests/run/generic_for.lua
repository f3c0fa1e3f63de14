local t = {10, 20, 30}
for i, v in ipairs(t) do print(i, v) end
local keys = {}
for k in pairs({a = 1, b = 2, c = 3}) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
local function range(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
for i in range(3) do io.write(i, " ") end print()
for k, v in next, {5} do print(k, v) end
local function iter(s, c) if c < s then return c + 1, c * c end end
for a, b in iter, 3, 0 do print(a, b) end
local mt = {__pairs = function(t) return function(_, k) if not k then return 1, "first" end end, t, nil end}
for k, v in pairs(setmetatable({}, mt)) do print(k, v) end
local ipt = setmetatable({}, {__index = function(_, i) if i <= 3 then return i * 100 end end})
for i, v in ipairs(ipt) do io.write(i, "=", v, " ") end print()
