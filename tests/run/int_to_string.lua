-- Integers turned into strings (tostring, .., io.write, %d) at every digit count and sign,
-- the extremes included.
local vals = {0, 1, -1, 9, 10, 11, 99, 100, 101, -99, -100, 999, 1000, 9999, 10000, 12345, -12345, 99999,
  999999, 1000000, 9999999, 99999999, 100000000, -100000000, 123456789012,
  math.maxinteger, math.mininteger, math.mininteger + 1, 1 << 62, -(1 << 62), 10^15 // 1, 1e18 // 1}
for _, v in ipairs(vals) do io.write(v, " ", tostring(v), " ", "k" .. v, " ", string.format("%d", v), "\n") end
local s = 0
for i = -100000, 100000, 7 do s = s + #tostring(i) + #(i .. "") end
print(s)
