-- Table constructors of constants only (data tables): built from data by the runtime when
-- they run once and are large, by code otherwise; either way as lua5.4 builds them.
local data = {
  "first", "second\0with nul", "tab\tand \"quotes\"", 1, -2, 3.5, -0.0, 1e308, -1e-308,
  math_pi = 3.141592653589793, maxint = 9223372036854775807, minint = -9223372036854775807,
  big = -9223372036854775808, flag = true, off = false, gone = nil,
  dup = 1, dup = 2,
  nested = {1, 2, {3, {4, {five = 5}}}, name = "inner"},
  holes = {1, nil, 3, nil},
  (("parenthesised"))
}
print(#data, data[1], data[2] == "second\0with nul", data[3])
print(data[4], data[5], data[6], 1 / data[7], data[8], data[9], data[10])
print(data.math_pi, data.maxint, math.type(data.minint), data.big, math.type(data.big))
print(data.flag, data.off, data.gone, rawget(data, "gone"), data.dup)
print(data.nested[3][2][2].five, data.nested.name, #data.nested, #data.nested[3])
print(#data.holes == 4 or #data.holes == 3 or #data.holes == 1, data.holes[3])
local keys = {}
for k in pairs(data) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))

-- each evaluation is a new table
local function make()
  return {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, x = "x"}
end
local a, b = make(), make()
a[1] = "changed"
print(a == b, a[1], b[1], #a, b.x)

-- the same constructor in a loop (generated as code) gives the same contents
local sum = 0
for i = 1, 3 do
  local t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, label = "l" .. i}
  sum = sum + #t + t[17]
end
print(sum)

-- a table of records, as a data file holds them
local items = {
  {name = "a", value = 1, tags = {"x", "y"}}, {name = "b", value = 2, tags = {}},
  {name = "c", value = 3, tags = {"z"}}, {name = "d", value = 4, tags = {"x"}},
  {name = "e", value = 5}, {name = "f", value = 6, extra = {deep = {deeper = {"end"}}}},
}
local total, names = 0, {}
for _, it in ipairs(items) do
  total = total + it.value
  names[#names + 1] = it.name .. ":" .. #(it.tags or {})
end
print(total, table.concat(names, ","), items[6].extra.deep.deeper[1])
setmetatable(items[1], {__index = function(_, k) return "meta " .. k end})
print(items[1].missing, getmetatable(items[2]))
