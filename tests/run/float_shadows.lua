-- Float locals of a specialised loop are carried in floating-point registers (a `double`
-- shadow of the payload). Every way of writing such a local inside the loop, and every way
-- of leaving it, must give the generic code's results bit for bit.

-- the accumulator of spectral_norm's inner loop
local function dot(x, n)
  local a = 0.0
  for j = 1, n do a = a + x[j] * (1.0 / j) end
  return a
end
-- called in a loop: a loop that indexes tables gets no specialised copy in a function
-- called only from code that runs once
for _ = 1, 1 do print(dot({ 1, 2, 3, 4 }, 4), dot({}, 0), dot({ 0.5 }, 1)) end

-- a metamethod turns the float into an integer, a string, a table, then back
local odd = setmetatable({}, {
  __mul = function(_, k)
    if k == 3 then return 7 elseif k == 5 then return "s" elseif k == 6 then return {} end
    return 0.25
  end,
})
local function wobble(n)
  local a, seen = 0.5, {}
  for i = 1, n do
    local v = odd * i
    if type(v) == "number" then
      a = a + v
    elseif type(v) == "string" then
      a = v
    else
      a = 1.5
    end
    seen[#seen + 1] = math.type(a) or type(a)
  end
  return a, table.concat(seen, ",")
end
print(wobble(8))

-- the same in a loop that is specialised: `a` is a float at entry, `a * w` calls __mul
local w = setmetatable({}, {
  __mul = function(x, k)
    if x == 2.5 then return 3 elseif x == 3 then return "4.5" end
    return x + 1.5
  end,
})
local function wobble2(n)
  local a, seen = 1.0, {}
  for i = 1, n do
    a = a * w
    seen[#seen + 1] = math.type(a) or type(a)
  end
  return a, table.concat(seen, ",")
end
print(wobble2(5))

-- an inner loop (its own generic copy) writes the outer loop's float local
local function nested(n)
  local s = 0.0
  for i = 1, n do
    for j = 1, i do
      if j % 3 == 0 then s = s + j // 1 else s = s * 1.0 + 0.125 end
    end
    s = s - 0.5
  end
  return s, math.type(s)
end
print(nested(9))

-- leaving by break, goto and return; reading the local after the loop
local function leave(n, how)
  local f = 1.0
  for i = 1, n do
    f = f * 1.5
    if how == "break" and i == 3 then break end
    if how == "goto" and i == 4 then goto out end
    if how == "return" and i == 5 then return f, "returned" end
  end
  ::out::
  return f, how
end
print(leave(10, "break"))
print(leave(10, "goto"))
print(leave(10, "return"))
print(leave(10, "none"))
local function leave2(n, how)
  local f = 1.0
  for i = 1, n do
    f = f * 1.5
    if how == "break" and i == 3 then break end
    if how == "return" and i == 5 then return f, "returned" end
  end
  return f, how
end
print(leave2(10, "break"))
print(leave2(10, "return"))
print(leave2(10, "none"))

-- NaN, infinities and -0.0 keep their bits through the shadow
local function specials(n)
  local z, inf, nan = -0.0, 0.0, 0.0
  for i = 1, n do
    z = z * 1.0
    inf = inf + 1e308 * 10
    nan = inf - inf
  end
  return 1 / z, inf, nan ~= nan, string.format("%.0f", 1 / z)
end
print(specials(3))

-- swaps, multiple assignment and a float local declared inside the loop
local function swaps(n)
  local a, b = 1.25, 2.5
  for i = 1, n do
    a, b = b, a + b
    local c = a * 0.5
    b = b - c
  end
  return a, b
end
print(swaps(20))

-- a while loop and a generic for inside the specialised loop
local function inner_kinds(t)
  local acc = 0.0
  for i = 1, 3 do
    local k = 0
    while k < i do
      acc = acc + 0.25
      k = k + 1
    end
    for _, v in ipairs(t) do acc = acc + v end
  end
  return acc
end
print(inner_kinds({ 1, 2.5, 3 }))

-- the float passed to a function and to string operations mid-loop
local function uses(n)
  local x, parts = 0.0, {}
  for i = 1, n do
    x = x + i / 2
    parts[#parts + 1] = tostring(x) .. ":" .. string.format("%g", x)
  end
  return table.concat(parts, " ")
end
print(uses(5))

-- an integer result written into the float local: the loop leaves its specialised copy
local function to_int(n)
  local v = 0.5
  for i = 1, n do
    if i == 4 then v = 10 else v = v + 1 end
  end
  return v, math.type(v)
end
print(to_int(6))

-- huge loop count: nothing drifts from the generic result
local function long(n)
  local s = 0.0
  for i = 1, n do s = s + 1 / i end
  return s
end
print(string.format("%.17g", long(200000)))

-- Locals assigned arithmetic results also carry a float view outside specialised loops:
-- writes of every other kind (table reads, strings, call results, swaps) must keep it equal
-- to the value.
local function three() return 7, 2.5, "9" end
local function views(t)
  local x = t[1] + 0.5
  local out = { x }
  x = t[2]
  out[#out + 1] = x * 2
  x = "3"
  out[#out + 1] = x + 1
  local y
  x, y = three()
  out[#out + 1] = x / 2 + y
  x, y = y, x
  out[#out + 1] = x * y
  x = -t.nan
  out[#out + 1] = string.format("%q", string.pack("<d", x):byte(8))
  x = math.huge - x
  out[#out + 1] = tostring(x ~= x)
  x = 2 ^ 63
  out[#out + 1] = math.tointeger(x) == nil and "big" or "small"
  x = t[1] // 1
  out[#out + 1] = x + 0.25
  for _, s in ipairs(out) do out[_] = tostring(s) end
  return table.concat(out, " ")
end
local zero = tonumber("0") -- a NaN made at run time (constant folding differs, see README)
print(views({ 1.25, 3, nan = zero / zero }))
print(views({ 4, 5.5, nan = -(zero / zero) }))

-- a generic loop (a while loop) whose float local changes kind through a metamethod
local half = setmetatable({}, { __add = function(a, b) return "half" end })
local function drift(n)
  local v, i, seen = 0.5, 0, {}
  while i < n do
    i = i + 1
    if i == 3 then v = v + half elseif type(v) == "string" then v = #v * 0.5 else v = v * 1.5 + i end
    seen[#seen + 1] = tostring(v)
  end
  return table.concat(seen, " ")
end
print(drift(6))
