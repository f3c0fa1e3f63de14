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
