local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
local fns = {}
for i = 1, 3 do fns[i] = function() return i end end
print(fns[1](), fns[2](), fns[3]())
local acc = {}
local k = 1
while k <= 3 do local j = k; acc[k] = function() return j * 10 end; k = k + 1 end
print(acc[1](), acc[2](), acc[3]())
local function shared()
  local v = 0
  return function() v = v + 1 end, function() return v end
end
local inc, get = shared()
inc(); inc()
print(get())
local function outer()
  local x = 1
  local function mid() local function inner() x = x + 10; return x end return inner end
  return mid()
end
local inner = outer()
print(inner(), inner())
