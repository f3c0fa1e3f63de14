-- Loops specialised on the number kinds the speculate pass guesses, and programs that
-- defeat the guesses: every result must be exactly lua5.4's.

-- the mandelbrot shape: floats throughout
local count = 0
for y = 0, 29 do
  local ci = 2 * y / 30 - 1
  for x = 0, 29 do
    local cr = 2 * x / 30 - 1.5
    local zr, zi, zrq, ziq = 0.0, 0.0, 0.0, 0.0
    local escaped = false
    for _ = 1, 50 do
      zi = 2 * zr * zi + ci
      zr = zrq - ziq + cr
      zrq = zr * zr
      ziq = zi * zi
      if zrq + ziq > 4.0 then escaped = true; break end
    end
    if not escaped then count = count + 1 end
  end
end
print(count)

-- a guess defeated at entry: `/` with a metamethod returns an integer
local weird = setmetatable({}, {__div = function() return 5 end})
local q = weird / 2
local sum = 0.5
for i = 1, 3 do sum = sum + q * i end
print(q, math.type(q), sum)

-- a guess defeated inside the loop: __add returns a string
local obj = setmetatable({}, {__add = function(a, b) return "s" end, __concat = function(a, b) return "c" end})
local z = 1.5
for i = 1, 3 do z = z + obj; z = #z + 0.25 end
print(z, math.type(z))

-- integer overflow wraps in the specialised copy too
local n = 9223372036854775805
for _ = 1, 5 do n = n + 1 end
print(n, math.type(n))
local m = -9223372036854775807
for _ = 1, 3 do m = m - 1 end
print(m)

-- NaN, infinities and negative zero
local nz = -0.0
for _ = 1, 2 do nz = nz * 1 end
print(nz, 1 / nz)
local nan = 0.0 / 0.0
for _ = 1, 3 do nan = nan + 1 end
print(nan ~= nan, nan == nan)
local inf = 1.0
for _ = 1, 2000 do inf = inf * 2 end
print(inf, -inf, inf - inf ~= inf - inf)

-- integers and floats mixed: integer locals stay integers, floats stay floats
local k, f = 3, 0.5
for _ = 1, 4 do f = f + k; k = k * 2 end
print(k, math.type(k), f, math.type(f))
local mf = 7.5
for _ = 1, 3 do mf = mf % 2 end
print(mf, 7 // 2.0, -7 // 2, -7 % 3, 7 % -3, -7.5 % 2, 5.3 % -2)

-- integer division by zero raised inside a specialised loop
local a = 7
print(pcall(function()
  for i = 1, 3 do a = a // (3 - i) end
end))
print(a)

-- loops that run zero times, break early, or return from inside
local untouched = 1.25
for _ = 1, 0 do untouched = untouched * 100 end
print(untouched)
local function firstover(limit)
  local acc = 0.0
  for i = 1, 100 do
    acc = acc + i / 2
    if acc > limit then return i, acc end
  end
  return nil
end
print(firstover(10), firstover(1e9))

-- a float for loop and a float control value
local t = 0
for x = 1.0, 2.0, 0.25 do t = t + x end
print(t, math.type(t))
local s = 0
for x = 10, 1, -3 do s = s * 2 + x end
print(s)

-- comparisons of the specialised locals with other types
local cmp = 0.5
for i = 1, 3 do
  cmp = cmp + i
  print(cmp == 1.5, cmp < 4, cmp <= 3.5, cmp == "1.5", pcall(function() return cmp < "x" end))
end
