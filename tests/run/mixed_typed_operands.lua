-- An operand that is likely a float (a typed function's result, `/` or `^`) mixed with one
-- of unknown kind: integers, floats, strings, tables with metamethods and nil on the other
-- side, in loops (inline conversion) and outside them.
local function A(i, j)
  local ij = i + j - 1
  return 1.0 / (ij * (ij - 1) * 0.5 + i)
end
local mt = {__mul = function(a, b) return 'mul' end, __add = function(a, b) return 'add' end,
            __sub = function(a, b) return 'sub' end, __idiv = function() return 'idiv' end,
            __mod = function() return 'mod' end}
local xs = {1, 2.5, '3', setmetatable({}, mt), math.maxinteger, math.mininteger, -0.0, 0, 1 / 0}
for k, x in ipairs(xs) do
  local r = {}
  for j = 1, 3 do
    local ok, v = pcall(function() return x * A(k, j), A(j, k) + x, x - 7 / j, x // (2 ^ j), x % (j / 2) end)
    r[#r + 1] = ok and string.format('%s %s %s %s %s', v, select(2, pcall(function() return A(j, k) + x end)),
      select(2, pcall(function() return x - 7 / j end)), select(2, pcall(function() return x // (2 ^ j) end)),
      select(2, pcall(function() return x % (j / 2) end))) or ('error: ' .. tostring(v):gsub('^.-:%d+: ', ''))
  end
  print(k, table.concat(r, ' | '))
end
local sum, ints = 0, {}
for i = 1, 200 do ints[i] = i end
for _ = 1, 1 do -- (in a loop, so that the inner one gets a specialised copy)
  for i = 1, 200 do sum = sum + ints[i] * A(i, 3) end
end
print(string.format('%.12f', sum))
print(pcall(function() return nil * A(1, 2) end))
