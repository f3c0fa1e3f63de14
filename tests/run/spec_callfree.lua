-- Specialised loops without calls in them (loops that call functions the compiler does
-- not know stay generic): kept kinds broken by metamethods and odd field values, slow
-- paths with effects, `if` conditions that leave, integers kept through wrap-around.
-- Each loop records what it saw in `rows`, printed after it.

-- The test runs inside a loop: a loop of the main chunk that indexes tables, inside no
-- other loop, gets no specialised copy (numbers.rs), and these test the copies.
for _ = 1, 1 do
  local function show(rows)
    for _, r in ipairs(rows) do print(table.unpack(r, 1, r.n)) end
  end

  local calls = 0
  local mark = {}
  local mt = {
    __add = function(a, b) calls = calls + 1 return 10 end,
    __mul = function(a, b) calls = calls + 1 return "m" end,
    __sub = function(a, b) calls = calls + 1 return mark end,
    __lt = function(a, b) calls = calls + 1 return true end,
    __le = function(a, b) calls = calls + 1 return false end,
    __index = function(t, k) calls = calls + 1 return 0.5 end,
    __newindex = function(t, k, v) calls = calls + 1 rawset(t, k, v) end,
  }
  local odd = setmetatable({}, mt)

  -- floats kept, broken by a metamethod's integer, a string, a table
  local t = {1.5, 2.5, odd, 4.5, 7, "8", 2^53, -0.0}
  local s, rows = 0.0, {}
  for i = 1, #t do
    local x = s * 0.5
    local y = x + t[i]
    s = s + i * 0.25
    rows[#rows + 1] = {n = 4, i, x, y, calls}
  end
  show(rows)

  local rows2, z = {}, 0.75
  for i = 1, #t do
    local w = z * t[i]          -- "m" from __mul on the third
    local d = z - t[i]          -- a table from __sub on the third, "8" coerced on the sixth
    z = z + 0.125
    rows2[#rows2 + 1] = {n = 4, i, w, d == mark and "mark" or d, calls}
  end
  show(rows2)

  -- fields read and written where a metamethod runs: each runs once per evaluation
  local cs = {{w = 1.5}, setmetatable({}, mt), {w = 2.5}, setmetatable({w = 0.25}, mt)}
  local total, rows3 = 0.125, {}
  local probe = setmetatable({}, mt)
  for i = 1, #cs do
    local c = cs[i]
    local w = total * 2 + c.w   -- __index on the second
    c.seen = w                  -- __newindex on the second (then raw)
    local lt = 0
    if i > 1 and w < probe then lt = 1 end      -- __lt from the second on
    if w <= probe then lt = lt + 10 end         -- __le every time
    total = total + w / 8
    rows3[#rows3 + 1] = {n = 5, i, w, lt, total, calls}
  end
  show(rows3)

  -- an `if` chain whose conditions leave; a while loop
  local xs = {1.5, odd, 3.5, 2, odd, 0.5}
  local k, j, rows4 = 0, 0, {}
  while j < #xs do
    j = j + 1
    local v = xs[j]
    if j < 3 and v < odd then
      k = k + 1
    elseif v == odd or v <= odd then
      k = k + 10
    else
      k = k + 100
    end
    rows4[#rows4 + 1] = {n = 3, j, k, calls}
  end
  show(rows4)

  -- integers kept: wrap-around stays an integer, `//` and `%` too; a float operand leaves
  local u = {3, 4, 5.5, 6, math.maxinteger}
  local n, rows5 = 0, {}
  for i = 1, #u do
    local m = n + i * 3
    local q = m // 2
    local r = m % 7
    local w = q + u[i]
    n = n + r
    rows5[#rows5 + 1] = {n = 6, i, m, q, r, w, n}
  end
  show(rows5)

  -- an error in a statement that leaves: raised once, with its line
  local ok, err = pcall(function()
    local acc = 1.5
    local f = {2.5, 3.5, "x", 4.5}
    for i = 1, #f do
      acc = acc + f[i] * 2
    end
    return acc
  end)
  print(ok, err, calls)

  -- a typed function called where its arguments may not have its kinds: the specialised
  -- copy leaves and the generic copy makes the generic call, once
  local function scale(x, y) return x * y * 0.5 end
  local odd2 = setmetatable({}, {__mul = function(a, b) calls = calls + 1 return 2 end})
  local args = {1.5, 2.5, odd2, 3.0, 4, 6}
  local acc2, rows6 = 0.25, {}
  for i = 1, #args do
    local p = acc2 + scale(args[i], acc2)
    acc2 = acc2 + 1.0
    rows6[#rows6 + 1] = {n = 4, i, p, acc2, calls}
  end
  show(rows6)
  print(scale(2, 3), scale(2.0, 3), scale(4, 5))
  local ints, rows7, q = {1, 2, 3.5, 4, odd2}, {}, 0.0
  for i = 1, #ints do
    local r = scale(ints[i], i) + 0.5
    q = q + r
    rows7[#rows7 + 1] = {n = 4, i, r, q, calls}
  end
  show(rows7)

  -- a loop with no guard at entry, specialised for its own float locals (fields stored as
  -- floats elsewhere in the program): integers, a numeric string and __index values in them
  local parts = {{px = 0.5, pv = 1.5}, {px = 2, pv = 1}, {px = "3.5", pv = 0.25}, setmetatable({pv = 2.0}, mt)}
  parts[1].px = parts[1].px * 1.0
  local rows8 = {}
  for i = 1, #parts do
    local p = parts[i]
    local nx = p.px + p.pv * 0.5
    p.px = nx
    rows8[#rows8 + 1] = {n = 3, i, nx, calls}
  end
  show(rows8)
end
