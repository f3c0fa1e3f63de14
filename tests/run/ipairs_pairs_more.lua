local t = {1, 2, nil, 4}
local n = 0
for i, v in ipairs(t) do n = i end
print(n)
local keys = {}
for k, v in pairs({10, 20, 30, x = "a", y = "b"}) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
local sum = 0
for _, v in ipairs({}) do sum = sum + 1 end
print(sum)
local proxy = setmetatable({}, {__index = {1, 2, 3}})
local c = 0
for _ in ipairs(proxy) do c = c + 1 end
print(c)
print(pcall(ipairs), pcall(pairs))
local f, s, i0 = ipairs({5})
print(type(f), type(s), i0, f(s, 0), f(s, 1))
