-- Fields speculated to hold floats (the program stores floats under their names) that
-- hold something else: integers, numeric strings, values from __index, nil, and fields
-- changed in the middle of the loop. Every case must match the generic semantics.

local function step(ps, dt)
  for i = 1, #ps do
    local p = ps[i]
    local x, v = p.x, p.v
    for j = i + 1, #ps do
      local q = ps[j]
      local d = x - q.x
      local f = d * q.m * dt
      v = v - f
      q.v = q.v + f
    end
    p.v = v
    p.x = x + v * dt
  end
end

local function show(ps)
  local out = {}
  for i = 1, #ps do
    local p = ps[i]
    out[#out + 1] = string.format("%s:%s/%s", math.type(p.x) or type(p.x), tostring(p.x), tostring(p.v))
  end
  print(table.concat(out, " "))
end

local ps = {
  {x = 0, v = 0, m = 1},           -- integers where floats are expected
  {x = 1.5, v = 0.25, m = 2.0},
  {x = -2.5, v = 1.0, m = 0.5},
}
for _ = 1, 3 do step(ps, 0.125) show(ps) end

-- a numeric string, and a field found through __index
local base = setmetatable({}, {__index = function(_, k) if k == "m" then return 3 end end})
ps[2] = setmetatable({v = 2}, {__index = base})
rawset(ps[2], "x", "4.5") -- not seen as a store of the field x
for _ = 1, 2 do step(ps, 0.5) show(ps) end

-- a field that changes kind while the loop runs, through __newindex-free writes
local bodies = {{x = 1.0, v = 0.5, m = 1.0}, {x = 2.0, v = 1.5, m = 1.0}, {x = 3.0, v = 2.5, m = 1.0}}
local acc = 0.5
for i = 1, #bodies do
  local b = bodies[i]
  local y = acc * b.x
  if i == 2 then bodies[3].x = 7 end
  acc = acc + y
  print(i, y, acc, math.type(acc))
end

-- a nil field: the error names it as lua5.4 does
local ok, err = pcall(step, {{x = 1.5, v = 0.5, m = 1.0}, {v = 1.0, m = 1.0}}, 0.5)
print(ok, err)
local bad = {x = 2.5, m = 1.0}
rawset(bad, "v", {})
local ok2, err2 = pcall(step, {{x = 1.5, v = 0.5, m = 1.0}, bad}, 0.5)
print(ok2, err2)

-- Slow paths with effects run once: a statement that leaves the specialised copy runs
-- again whole in the generic copy, so its metamethods must not have run before leaving.
local calls = 0
local cmt = {
  __lt = function(a, b) calls = calls + 1 return true end,
  __index = function(t, k) calls = calls + 1 return 0.5 end,
  __newindex = function(t, k, v) calls = calls + 1 rawset(t, k, v) end,
  __add = function(a, b) calls = calls + 1 return 1.25 end,
}
local cs = {{w = 1.5}, setmetatable({}, cmt), {w = 2.5}, setmetatable({w = 0.25}, cmt)}
local total, below = 0.125, 0
local probe = setmetatable({}, cmt)
for i = 1, #cs do
  local c = cs[i]
  local w = total * 2 + c.w          -- __index on the second
  local lt = (i % 2 == 0 and w < probe) and 1 or 0 -- __lt on even iterations
  c.seen = w                         -- __newindex on the second (once: then raw)
  total = total + w / 8
  below = below + lt
  print(i, w, lt, total, calls)
end
local ok3, err3 = pcall(function()
  local z = 0.5
  for i = 1, 3 do
    local q = cs[i]
    z = z + (q.w + setmetatable({}, cmt))
  end
  return z
end)
print(ok3, err3, calls)

-- An `if` whose conditions leave the specialised copy: the generic copy decides them
-- again, so a comparison metamethod runs once per evaluation.
local lts = 0
local heavy = setmetatable({}, {__lt = function(a, b) lts = lts + 1 return true end,
                               __le = function(a, b) lts = lts + 1 return false end})
local xs = {1.5, heavy, 3.5, 2, heavy, "x"}
local j, k
k = 0
for i = 1, #xs - 1 do
  j = i
  if j < 3 and xs[i] < heavy then
    k = k + 1
  elseif xs[i] == heavy or xs[i] <= heavy then
    k = k + 10
  else
    k = k + 100
  end
  print(i, j, k, lts)
end
local ok4, err4 = pcall(function()
  local n
  n = 1
  for i = 1, #xs do
    if xs[i] < 2.5 then n = n + i end
  end
  return n
end)
print(ok4, err4, lts)
