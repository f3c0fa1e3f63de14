-- Field accesses of one key on one local (or upvalue, or global) share an inline cache:
-- the cache must stay right when the local holds tables whose keys sit in other slots,
-- when the key is absent, and when metamethods take over the read or the write.

local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "get " .. k; return 100 end,
  __newindex = function(t, k, v) log[#log + 1] = "set " .. k; rawset(t, k, v * 2) end,
})
local objs = {
  {x = 1, y = 2},
  {y = 3, x = 4},
  {a = 1, b = 2, c = 3, x = 5},
  setmetatable({}, {__index = {x = 7}}),
  proxy,
  {x = 0.5},
}
for round = 1, 3 do
  for i = 1, #objs do
    local o = objs[i]
    o.x = o.x + 1
    o.y = (o.y or 0) + o.x
  end
end
for i = 1, #objs do
  local o = objs[i]
  print(i, o.x, o.y, rawget(o, "x"))
end
print(table.concat(log, ","))

-- the same local reassigned between accesses
local o = {x = 1}
local p = {q = 0, x = 2}
local t = o
t.x = t.x + 10
t = p
t.x = t.x + 20
t = o
t.x = t.x * 3
print(o.x, p.x)

-- fields of an upvalue, from a closure
local cfg = {count = 0, name = "c"}
local function bump(n)
  for _ = 1, n do cfg.count = cfg.count + 1 end
  return cfg.count
end
print(bump(5), bump(3))
cfg = {name = "d", count = 1.5}
print(bump(2), cfg.name)

-- globals, read and written
total = 0
for i = 1, 10 do total = total + i end
print(total)
total = nil
print(pcall(function() total = total + 1 end))

-- a float loop that writes fields back, with a table that turns out not to hold floats
local function step(ps, dt)
  local e = 0.0
  for i = 1, #ps do
    local b = ps[i]
    b.vx = b.vx + dt * b.ax
    b.px = b.px + dt * b.vx
    e = e + b.vx * b.vx
  end
  return e
end
local ps = {}
for i = 1, 6 do ps[i] = {px = i * 1.0, vx = 0.0, ax = 0.5 * i} end
ps[4] = {ax = 1, vx = 2, px = 3}
ps[5] = setmetatable({px = 0.0, vx = 0.0}, {__index = function() return "2" end})
for _ = 1, 4 do print(step(ps, 0.25)) end
for i = 1, #ps do print(ps[i].px, ps[i].vx, math.type(ps[i].vx)) end
print(pcall(step, {{px = 1.0, vx = 1.0, ax = {}}}, 0.5))
