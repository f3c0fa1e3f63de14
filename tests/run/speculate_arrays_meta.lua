-- Array-part fast paths on tables that have metatables: holes go to __index/__newindex,
-- present elements do not, and the metatable may come and go mid-loop.

-- The test runs inside a loop: a loop of the main chunk that indexes tables, inside no
-- other loop, gets no specialised copy (numbers.rs), and these test the copies.
for _ = 1, 1 do
  local log = {}
  local mt = {
    __index = function(t, i) log[#log + 1] = "get" .. i return -i end,
    __newindex = function(t, i, v) log[#log + 1] = "set" .. i rawset(t, i, v * 10) end,
  }
  local a = setmetatable({1, 2, nil, 4}, mt)
  local s = 0
  for i = 1, 5 do s = s + a[i] end             -- a[3] and a[5] are holes
  print(s, table.concat(log, " "))
  log = {}
  for i = 1, 6 do a[i] = i end                  -- 3, 5, 6 are new: __newindex; others raw
  print(a[1], a[3], a[5], a[6], table.concat(log, " "))

  -- the metatable set and removed while a loop runs over the array
  local b = {10, 20, 30, 40}
  local total = 0
  for i = 1, 8 do
    if i == 3 then setmetatable(b, {__index = function() return 1000 end}) end
    if i == 6 then setmetatable(b, nil) end
    total = total + (b[i] or 0)
  end
  print(total)

  -- __len on an array-like table, and # without it
  local c = setmetatable({1, 2, 3}, {__len = function() return 10 end})
  local n = 0
  for i = 1, #c do n = n + (rawget(c, i) or 0) end
  print(#c, rawlen(c), n)

  -- integer keys stored as floats go to the array part too
  local d = {}
  for i = 1, 5 do d[i + 0.0] = i end
  print(#d, d[3], d[3.0], math.type(next(d)))

  -- proxies: every access through metamethods
  local store = {}
  local proxy = setmetatable({}, {__index = store, __newindex = store})
  for i = 1, 100 do proxy[i] = i * i end
  local sq = 0
  for i = 1, 100 do sq = sq + proxy[i] end
  print(sq, rawlen(proxy), #store)
end
