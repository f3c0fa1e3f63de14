-- Table constructors with positional items: the array part is filled directly, in
-- batches of 50 as lua5.4 does, so that repeated keys end the same way.

local function f() return 7, 8 end
local function show(t, n)
  local out = {}
  for i = 1, n do out[i] = tostring(t[i]) end
  return table.concat(out, " ") .. " #" .. #t
end

-- positional items win over keyed ones stored before the batch is flushed
print(show({ f(), [1] = "k", 3 }, 3))
print(show({ [2] = "x", 5, 6 }, 2))
print(show({ 1, 2, [2] = "late", 4 }, 3))
print(show({ [1] = "a", [2] = "b" }, 2))
-- nils, a multi-valued last item, a single-valued call in the middle
print(show({ 1, nil, 3 }, 3))
print(show({ f(), f() }, 4))
print(show({ (f()), f(), nil }, 4))
print(show({ 1, 2, f(), x = 1, f() }, 6))
print(select("#", table.unpack({ 1, 2, nil, 4 })))
-- named fields between positional ones
local m = { 10, x = "X", 20, y = "Y", 30 }
print(show(m, 3), m.x, m.y)
local b1 = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, [3] = "after 50", 51, 52 }
print(b1[3], b1[50], b1[51], b1[52], #b1)
local b2 = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, [3] = "before 50", 31 }
print(b2[3], b2[30], b2[31], #b2)
local i0, i1, i2, i3, i4, i5, i6 = 0, 1, 2, 3, 4, 5, 6
local b3 = { i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, i2, i3, i4, i5, i6, i0, i1, [100] = "k100", [130] = "k130" }
print(b3[1], b3[99], b3[100], b3[120], b3[121], b3[130], #b3 >= 120)

-- collections while items are evaluated: the pending items are still reachable
local function churn(v)
  for _ = 1, 200 do local _ = { {}, {}, "s" .. v } end
  collectgarbage()
  return v
end
local g = { { churn(1) }, churn("two"), { churn(3), { churn(4) } }, churn(5.5) }
print(g[1][1], g[2], g[3][1], g[3][2][1], g[4], #g)

-- many small positional tables (binary_trees' shape)
local function tree(d)
  if d == 0 then return {} end
  return { tree(d - 1), tree(d - 1) }
end
local function count(t)
  if t[1] then return 1 + count(t[1]) + count(t[2]) end
  return 1
end
print(count(tree(12)))
-- 17 items: the array part is not inside the table
print(show({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, n = 1 }, 17))

-- calls of known functions as the last item: one value when every path returns one,
-- otherwise as many as they return
local function one(x) if x then return x * 2 end return -1 end
local function none(x) if x then return x end end
local function two() return 1, 2 end
local function tail_of_two() return two() end
local function empty() end
print(#{ one(4) }, #{ one(nil) }, #{ none(nil) }, #{ none(3) }, #{ two() }, #{ tail_of_two() }, #{ empty() })
print(select("#", one(1)), select("#", none(nil)), select("#", two()), select("#", tail_of_two()), select("#", empty()))
local function count(...) return select("#", ...) end
print(count(one(1)), count(1, one(2)), count(none()), count(1, none()), count(two()), count(1, empty()))
