local function pack2(...) return {n = select("#", ...), ...} end
local p = pack2(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local function tail(...) return select(2, ...) end
print(tail(1, 2, 3))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(), sum(1), sum(1, 2, 3, 4, 5))
local function rev(...)
  local t = {...}
  local r = {}
  for i = #t, 1, -1 do r[#r + 1] = t[i] end
  return table.unpack(r)
end
print(rev(1, 2, 3))
local function f(...) return ... end
local t = {f(1, 2), f(3, 4), f()}
print(#t, t[1], t[2], t[3])
local t2 = {f(), f(5, 6)}
print(#t2, t2[1], t2[2])
print((f(7, 8)))
local function va_upval(...)
  local a, b = ...
  return function() return a, b end
end
print(va_upval(9, 10)())
