-- Generic `for` over the library's iterators, which loops step without calling them when
-- they can (ipairs over an array part, next): every case they cannot take inline must
-- still behave as lua5.4's ipairs and next.
local function sorted(t)
  table.sort(t, function(a, b) return tostring(a) < tostring(b) end)
  return table.concat(t, " ")
end

-- ipairs: the array part, a hole, the hash part past the array part, extra variables
local arr = { 10, 20, 30, nil, 50 }
local seen = {}
for i, v, extra in ipairs(arr) do seen[#seen + 1] = i .. "=" .. v .. ":" .. tostring(extra) end
print(table.concat(seen, " "))
local sparse = {}
sparse[1], sparse[2], sparse[3] = "a", "b", "c" -- maybe in the hash part
sparse[4] = "d"
local n = 0
for _, v in ipairs(sparse) do n = n + #v end
print(n)

-- ipairs sees __index (for every index, inline or not) and a metatable set mid-loop
local proxied = setmetatable({ 1, 2 }, { __index = function(_, i) if i <= 5 then return i * 100 end end })
seen = {}
for i, v in ipairs(proxied) do seen[#seen + 1] = v end
print(table.concat(seen, " "))
local late = { 1, 2, 3, 4 }
seen = {}
for i, v in ipairs(late) do
  seen[#seen + 1] = v
  if i == 2 then setmetatable(late, { __index = function() return "meta" end }); late[3] = nil end
  if i > 6 then break end
end
print(table.concat(seen, " "))

-- the table changed in the loop: values replaced and removed, the array shrinking
local changing = { 1, 2, 3, 4, 5 }
seen = {}
for i, v in ipairs(changing) do
  seen[#seen + 1] = v
  changing[i + 1] = changing[i + 1] and changing[i + 1] * 10
  if i == 3 then changing[5] = nil end
end
print(table.concat(seen, " "))

-- ipairs of a non-table with __index, and of a value that cannot be indexed
local s = setmetatable({}, { __index = function(_, i) return i < 4 and i or nil end })
seen = {}
for i, v in ipairs(s) do seen[#seen + 1] = v end
print(table.concat(seen, " "))
print(pcall(function() for _ in ipairs(nil) do end end))
print(pcall(function() for _ in ipairs(42) do end end))

-- pairs and next: array and hash parts, fields cleared while traversing, next directly
local mixed = { 1, 2, 3, x = "x", y = "y", [10] = 10, [2.5] = "f" }
local keys = {}
for k, v in pairs(mixed) do
  keys[#keys + 1] = tostring(k) .. "=" .. tostring(v)
  mixed[k] = nil -- clearing the current field is allowed
end
print(sorted(keys), next(mixed))
local h = {}
for i = 1, 100 do h["k" .. i] = i end
local sum, count = 0, 0
for k, v in next, h do sum = sum + v; count = count + 1; h[k] = v * 2 end
for _, v in pairs(h) do sum = sum + v end
print(sum, count)

-- __pairs, a custom iterator, and nested loops over the same table
local withpairs = setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end })
for k, v in pairs(withpairs) do print("__pairs", k, v) end
local function range(m) return function(_, i) if i < m then return i + 1 end end, nil, 0 end
local r = 0
for i in range(4) do for j in range(i) do r = r + j end end
local nested = { a = 1, b = 2, c = 3 }
local pairs_count = 0
for _ in pairs(nested) do for _ in pairs(nested) do pairs_count = pairs_count + 1 end end
print(r, pairs_count)

-- a key that is not in the table
print(pcall(next, { a = 1 }, "zz"))
print(pcall(function() for _ in next, { a = 1 }, "zz" do end end))
