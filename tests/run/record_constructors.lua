-- Constructors with named fields only: many tables from one site share a shape.
local function keys(t)
  local ks = {}
  for k, v in pairs(t) do ks[#ks + 1] = k .. "=" .. tostring(v) end
  table.sort(ks)
  return table.concat(ks, " ")
end

local function point(x, y) return {x = x, y = y} end
local ps = {}
for i = 1, 1000 do ps[i] = point(i, -i) end
local s = 0
for i = 1, #ps do s = s + ps[i].x * 2 + ps[i].y end
print(s, keys(ps[1]), keys(ps[1000]))

-- nil values leave their keys out, before and after the shape is known
local function opt(a, b) return {a = a, b = b, c = "c"} end
print(keys(opt(nil, nil)), keys(opt(1, 2)), keys(opt(nil, 2)), keys(opt(1, nil)), keys(opt(3, 4)))

-- duplicate keys: the last one wins
local function dup(v) return {k = 1, k = v, z = 0} end
print(keys(dup(5)), keys(dup(6)), dup(7).k)

-- the fields are evaluated in order, and errors leave nothing half-built behind
local log = {}
local function f(tag) log[#log + 1] = tag return tag end
local r = {first = f(1), second = f(2), third = f(3)}
print(table.concat(log, ","), keys(r))
print(pcall(function() return {ok = 1, bad = nil + 1} end))

-- tables from a shape are ordinary tables: grow, shrink, metatables, next
local q = point(1, 2)
q.z = 3; q.w = 4; q.v = 5; q.x = nil
print(keys(q), next({only = true}))
local mt = {__index = function(_, k) return "missing " .. k end}
local m = setmetatable(point(7, 8), mt)
print(m.x, m.nope, rawget(m, "y"))
-- many fields (a larger hash part than the inline one)
local function big(i) return {a = i, b = i, c = i, d = i, e = i, f = i, g = i, h = i, i = i, j = i} end
local b1, b2 = big(1), big(2)
print(keys(b1))
print(keys(b2))
-- nested and in loops, with collections in between
local all = {}
for i = 1, 2000 do all[i] = {id = i, pos = point(i, i), tags = {first = "t" .. i}} end
collectgarbage()
local sum = 0
for i = 1, #all do sum = sum + all[i].id + all[i].pos.x + #all[i].tags.first end
print(sum)
