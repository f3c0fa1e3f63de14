-- math.sqrt, math.abs and math.floor are computed inline when the callee is still the
-- library's function; replacing them, or passing other values, must behave as lua5.4.
local sqrt, abs, floor = math.sqrt, math.abs, math.floor
print(sqrt(16), sqrt(2), sqrt(0), sqrt(-0.0), sqrt(-1) ~= sqrt(-1), sqrt(1e308 * 10))
print(abs(-3), abs(3), abs(-2.5), abs(-0.0), abs(math.mininteger), math.type(abs(-3)), math.type(abs(-3.0)))
print(floor(3.7), floor(-3.7), floor(5), floor(-0.0), floor(2^62), floor(2^63), floor(-2^63), floor(1e300))
print(math.type(floor(3.7)), math.type(floor(2^63)), floor(0/0) ~= floor(0/0), floor(-math.huge))
print(math.sqrt(9), math.abs(-9), math.floor(9.99))
-- strings are coerced by the library, and errors name the function
print(sqrt("25"), floor("3.5"), abs("-4"))
print(pcall(sqrt, {}))
print(pcall(function() return sqrt(nil) end))
print(pcall(function() return floor({}) end))
print(select("#", sqrt(4, 5)), sqrt(4, 5))
-- the library's functions replaced: the local keeps the old one, math.sqrt the new one
math.sqrt = function(x) return "mine " .. tostring(x) end
print(sqrt(4), math.sqrt(4))
local function usesqrt(x) return sqrt(x) + 1 end
print(usesqrt(9))
math.floor = nil
print(floor(1.5), pcall(function() return math.floor(1.5) end))
-- in a loop, with the value's type changing
local acc = 0
for i = 1, 10 do
  local v = (i % 2 == 0) and i or -i * 0.5
  acc = acc + abs(v) + floor(v) + sqrt(i)
end
print(string.format("%.10f", acc))
