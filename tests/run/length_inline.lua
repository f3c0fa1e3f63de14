-- `#t` in loops, where a table without a metatable gets its border from the runtime's
-- table code directly (the last border found tried first): the same borders as lua5.4's
-- in every case here (pushes, pops, holes, a hash part, __len, strings).
local function lengths(t, steps)
  local out = {}
  for i = 1, steps do
    out[#out + 1] = #t
    t[#t + 1] = i
    if i % 5 == 0 then t[#t] = nil end   -- a pop
    if i % 7 == 0 then t[#t - 1] = nil end -- a hole below the border
  end
  return table.concat(out, " ")
end
print(lengths({}, 40))
print(lengths({ 1, 2, 3 }, 20))

-- borders found after the array part fills: in the hash part, then the array regrown
local grow = {}
local seen = {}
for i = 1, 70 do
  grow[i] = true
  if i == 17 or i == 33 or i == 64 then seen[#seen + 1] = #grow end
end
grow[100] = true -- a key past a gap, in the hash part
seen[#seen + 1] = #grow
print(table.concat(seen, " "))

-- holes made from the top down, and a table emptied
local t = {}
for i = 1, 16 do t[i] = i end
seen = {}
for i = 16, 1, -1 do
  t[i] = nil
  seen[#seen + 1] = #t
end
print(table.concat(seen, " "))

-- a table whose border jumps (several values removed at once)
local jumps = {}
for i = 1, 32 do jumps[i] = i end
seen = {}
for _, cut in ipairs({ 30, 20, 10, 25, 5 }) do
  for i = cut, 32 do jumps[i] = nil end
  seen[#seen + 1] = #jumps
  for i = 1, cut do jumps[i] = i end
  seen[#seen + 1] = #jumps
end
print(table.concat(seen, " "))

-- __len, a metatable without it, strings and errors
local counted = setmetatable({ 1, 2, 3 }, { __len = function() return 42 end })
local plain_meta = setmetatable({ 1, 2 }, {})
local total = 0
for _ = 1, 3 do total = total + #counted + #plain_meta + #"abc" end
print(total)
print(pcall(function() local n = 0 for _ = 1, 2 do n = n + #nil end return n end))

-- a stack popped to empty by table.remove and by t[#t] = nil, the border moving down by one
local stack = {}
for i = 1, 50 do stack[#stack + 1] = i end
local popped = 0
while #stack > 25 do popped = popped + table.remove(stack) end
while #stack > 0 do popped = popped + stack[#stack]; stack[#stack] = nil end
print(popped, #stack)
