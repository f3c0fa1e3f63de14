-- Arithmetic on values whose types the compiler cannot know (they come from a table), in
-- every integer/float combination: an integer mixed with a float is converted by the
-- runtime here, not inline, and must give the same bits as lua5.4.
local vals = {3, -7, 0, 2.5, -0.0, 0.0, -3.0, 1e308, 1 / 0, -1 / 0, math.maxinteger, math.mininteger, 7.0}
local ops = {
  function(a, b) return a + b end, function(a, b) return a - b end,
  function(a, b) return a * b end, function(a, b) return a / b end,
  function(a, b) return a ^ b end,
}
local function fmt(x)
  if x ~= x then return "nan" end
  return math.type(x) .. ":" .. string.format("%.17g", x)
end
for i = 1, #vals do
  local line = {}
  for j = 1, #vals do
    local a, b = vals[i], vals[j]
    for k = 1, #ops do line[#line + 1] = fmt(ops[k](a, b)) end
    -- // and % raise on integer division by zero; floats give inf/nan
    if not (math.type(a) == "integer" and b == 0 and math.type(b) == "integer") then
      line[#line + 1] = fmt(a // b)
      line[#line + 1] = fmt(a % b)
    end
  end
  print(table.concat(line, " "))
end
-- A sum that starts as an integer and turns float, and back through a table
local t = {1, 2, 3.5, 4, 0.25, 6}
local s = 0
for _ = 1, 1 do -- (in a loop, so that the inner one gets a specialised copy)
  for i = 1, #t do s = s + t[i] * t[#t - i + 1] end
end
print(fmt(s))
local acc = {0}
for i = 1, 10 do acc[1] = acc[1] + (i % 3 == 0 and 0.5 or i) end
print(fmt(acc[1]))
-- -0.0 survives mixed operations
local z = vals[5]
print(1 / (z * vals[1]), 1 / (vals[3] * z), 1 / (z - vals[3]))
-- float modulo's sign correction, on constants and on typed locals
print(-7 % -3.0, -7.0 % -3, 7 % -3.0, -7 % math.huge, 7 % -math.huge, 5.5 % -2, -5.5 % 2)
local fa, fb = 0.0, 0.0
for i = 1, 3 do fa = fa - 2.5 * i; fb = fb - 1.5 end
print(fa % fb, -fa % fb, fa % -fb, fa % 1e300, -fa % -1e300)
