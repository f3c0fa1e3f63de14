-- `while` loops specialised on their locals' number kinds (checked at entry and after each
-- iteration): kinds that change mid-loop, overflow, NaN and -0.0, break, and a metamethod
-- that turns a number into a table, all as lua5.4 runs them.
local i, acc = 1, 0
while i <= 10 do
  acc = acc + i
  if i == 5 then acc = acc + 0.5 end      -- an integer becomes a float mid-loop
  i = i + 1
end
print(acc, math.type(acc), i)

local n, f = 0, 1.5
while n < 6 do
  n = n + 1
  if n == 3 then f = tostring(f) end       -- a float becomes a string
  if n == 4 then f = 2 end                -- and then an integer
  f = f * 2
end
print(n, f, math.type(f))

local big, k = math.maxinteger - 3, 0
while k < 6 do
  big = big + 1                           -- wraps around
  k = k + 1
end
print(big, big == math.mininteger + 2)

local z, c = -0.0, 0
while c < 3 do
  z = z * 1.0
  c = c + 1
end
print(1 / z, c)

local nan, m = 0 / 0, 0
while m < 3 and nan ~= nan do m = m + 1 end
print(m, nan ~= nan)

local j, found = 0, nil
while true do
  j = j + 1
  if j * j > 200 then found = j; break end
end
print(found, j)

local mt = {__add = function(a, b) return setmetatable({v = (type(a) == "table" and a.v or a) + (type(b) == "table" and b.v or b)}, getmetatable(type(a) == "table" and a or b)) end}
local w, t = 0, 0
local boxed = setmetatable({v = 100}, mt)
while w < 5 do
  w = w + 1
  if w == 2 then t = boxed end            -- an integer becomes a table with __add
  t = t + w
end
print(w, type(t), t.v)

local s, pos, words = "one two  three", 1, 0
while pos <= #s do
  local a, b = s:find("%S+", pos)
  if not a then break end
  words = words + 1
  pos = b + 1
end
print(words, pos)

local x, y = 10, 3
while x > 0 do x = x - y; y = y * 1.5 end  -- y turns float after one iteration
print(x, y, math.type(x))
