-- Locals initialised by a factory call (a function whose one return is a `function`
-- expression) are called directly after a check of the closure's code: the check must
-- hold when the factory's closures differ in their upvalues, when the local is an
-- upvalue of a nested function, and the ordinary path must run when it does not apply.

local function make_counter(step)
  local n = 0
  return function(k) n = n + (k or step); return n end
end

local a, b = make_counter(1), make_counter(10)
local c = make_counter(100)
for i = 1, 5 do a(); b(); c(i) end
print(a(), b(), c())

-- the made closure as an upvalue of a nested function
local tick = make_counter(2)
local function run(n)
  local last
  for _ = 1, n do last = tick() end
  return last
end
print(run(3), run(4))

-- a factory with more than one return is not one: still right
local function pick(flag)
  if flag then return function() return "yes" end end
  return function() return "no" end
end
local p, q = pick(true), pick(false)
print(p(), q())

-- a local reassigned after the factory call
local f = make_counter(1)
print(f(), f())
f = function() return "replaced" end
print(f())

-- the factory's result taken from more than one value, and errors inside the closure
local function make_adder(x)
  return function(y) return x + y end
end
local add5, extra = make_adder(5)
print(add5(1), extra)
local bad = make_adder({})
print(pcall(bad, 1))
print(select("#", make_adder(1)))

-- a closure made by a factory that errors before returning
local function failing(x)
  if x then error("no closure for you") end
  return function() return x end
end
print(pcall(failing, true))
local ok = failing(false)
print(ok())
