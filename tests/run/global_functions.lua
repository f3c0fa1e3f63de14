-- Calls through globals defined by `function name()` go straight to that function's code
-- while the global still holds it; replacing it in any way must be seen at once.
function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(20))

function greet(who) return "hello " .. who end
print(greet("a"))
greet = function(who) return "bye " .. who end          -- plain assignment
print(greet("b"))
_G.greet = function(who) return "via _G " .. who end     -- through _G
print(greet("c"))
rawset(_G, "greet", function(who) return "rawset " .. who end)
print(greet("d"))
_ENV["greet"] = nil
print(pcall(greet, "e"))

-- defined after the functions that call it, and redefined in a loop
function caller(x) return later(x) * 2 end
function later(x) return x + 1 end
print(caller(1))
for i = 1, 3 do
  function later(x) return x + i * 100 end
  print(caller(1))
end

-- a global holding a table or a library function under a user function's name
function shape() return "user" end
local saved = shape
shape = setmetatable({}, {__call = function(self, a) return "callable " .. tostring(a) end})
print(shape(5))
shape = string.upper
print(shape("lib"))
shape = saved
print(shape())

-- errors inside the directly called function keep their positions and names
function bad(t) return t.x.y end
print(pcall(bad, {}))
print(select(2, pcall(bad, nil)))
-- many calls, for the inline path
local s = 0
function add(a, b) return a + b end
for i = 1, 1000 do s = add(s, i) end
print(s)

-- tail calls of the expected function, and of whatever replaced it
local Vec = {}
function Vec.make(x) return {x = x} end
function Vec.twice(v) return Vec.make(v.x * 2) end    -- a tail call of Vec.make
function twice_global(v) return Vec.make(v.x + 1) end
local v = {x = 1}
for _ = 1, 3 do v = Vec.twice(v) end
print(v.x, twice_global(v).x)
Vec.make = function(x) return {x = -x} end
print(Vec.twice(v).x, twice_global(v).x)
Vec.make = setmetatable({}, {__call = function(_, x) return {x = "callable " .. x} end})
print(Vec.twice(v).x, twice_global(v).x)
Vec.make = print
print(pcall(Vec.twice, v))
