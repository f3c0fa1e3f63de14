for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 0 do print("never") end
for i = 1.0, 2.0, 0.5 do io.write(tostring(i), " ") end print()
for i = 1, 3.5 do io.write(i, " ") end print()
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger, math.mininteger + 2 do io.write(i, " ") end print()
for i = 1, 10, 4 do io.write(i, " ") end print()
for i = 10, 1, -4 do io.write(i, " ") end print()
for i = 0.1, 0.35, 0.1 do io.write(string.format("%.1f ", i)) end print()
local n = 0
for i = 1, 5 do local i = i * 2; n = n + i end
print(n)
for i = 1, math.huge do if i > 3 then break end io.write(i, " ") end print()
for i = 5, -math.huge, -1 do if i < 3 then break end io.write(i, " ") end print()
