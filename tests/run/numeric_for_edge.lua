local n = 0
for i = math.maxinteger - 1, math.maxinteger do n = n + 1 end
print(n)
n = 0
for i = math.mininteger, math.mininteger + 4, 2 do n = n + 1 end
print(n)
for i = 1, 3 do local j = i; i = i * 10; io.write(j, ":", i, " ") end print()
for i = 3, 1 do print("no") end
for i = 1.5, 3 do io.write(i, " ") end print()
for i = 1, 2, 0.25 do io.write(i, " ") end print()
for i = -1, -3, -1 do io.write(i, " ") end print()
for i = 1, 0.5 do print("never") end
for i = 1, math.maxinteger, math.maxinteger // 2 do io.write(i, " ") end print()
for i = "2", 3 do io.write(math.type(i), " ") end print()
local ok, e = pcall(function() for i = 1, 10, 0 do end end)
print(ok, e)
-- integer start and limit with a positive constant step (compiled inline)
local function count(a, b) local c = 0 for _ = a, b do c = c + 1 end return c end
local function count3(a, b) local c, last = 0, nil for i = a, b, 3 do c = c + 1 last = i end return c, last end
print(count(1, 0), count(5, 5), count(-3, 3), count(math.mininteger, math.mininteger + 2))
print(count(math.maxinteger - 2, math.maxinteger), count(0, -1), count(math.maxinteger, math.mininteger))
print(count3(1, 10), count3(1, 9), count3(-10, -1), count3(math.maxinteger - 5, math.maxinteger))
print(count3(math.mininteger, math.mininteger + 7), count3(4, 3))
print(count(1, 2.5), count(1.0, 3), count("1", 2), pcall(count, 1, "x"))
