-- Errors of library functions as lua5.4 words and places them: the iterator of a generic
-- `for` is named 'for iterator' whatever call came before it on the line; ipairs' iterator
-- checks its control value; errors raised inside a library function's own work (not an
-- argument check) carry no position.
local function try(f) local ok, err = pcall(f) print(ok, err) end
try(function() for k in pairs(nil) do end end)
try(function() for k in next, nil do end end)
try(function() for k in ipairs({}), 2 do end end)
try(function() local t = {} for k in next, t, "absent" do end end)
try(function() for k in string.gmatch("a", "a"), nil do print(k) end end)
try(function() for i in ipairs(nil) do end end)
try(function() for i in ipairs(true) do end end)
try(function() for i, c in ipairs("abc") do print(i, c) end end)
try(function() for i, v in ipairs(setmetatable({}, {__index = function(_, i) if i < 3 then return i * 2 end end})) do print(i, v) end end)
local f, s = ipairs({10, 20})
print(f(s, 1.0))
print(pcall(f, s, "1"))
print(pcall(f, s, 1.5))
print(pcall(f, s))
for i, v in ipairs({"a", "b"}) do io.write(i, v, " ") end
print()
-- table.sort's own comparisons: their errors carry no position in lua5.4 either
print(pcall(table.sort, {3, "x", 1}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {3, 1, 2}, function(a, b) return a.x < b end))
-- raised inside coroutine.yield: no position either
print(pcall(coroutine.yield, 1))
-- math.max and math.min order any values `<` orders, as in lua5.4
print(math.max("a", "b"), math.min(3, 1, 2), math.max(1, 2.5), math.min(2, 2.0))
print(pcall(math.max))
print(pcall(math.min, 1, nil))
print(pcall(math.max, {}, {}))
local lt = {__lt = function(a, b) return a.v < b.v end}
print(math.max(setmetatable({v = 1}, lt), setmetatable({v = 5}, lt)).v)
