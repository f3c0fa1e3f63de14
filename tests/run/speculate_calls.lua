-- Calls the speculate pass makes direct, and programs that defeat it.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))

-- reassigned from a nested function after some direct-looking calls
local function greet(who) return "hello " .. who end
local function rewire() greet = function(who) return "bye " .. who end end
print(greet("a"))
rewire()
print(greet("b"))

-- reassigned through `function name()` syntax
local function twice(x) return 2 * x end
print(twice(4))
function twice(x) return 3 * x end
print(twice(4))

-- a shadowing local with the same name is a different variable
local function id(x) return x end
do
  local id = function(x) return -x end
  print(id(5))
end
print(id(5))

-- known functions called with too few, too many and multiple arguments
local function three(a, b, c) return a, b, c end
local function many() return 1, 2, 3 end
print(three(1))
print(three(1, 2, 3, 4))
print(three(many()))
print(three(0, many()))
print((three(many())))

-- varargs
local function count(...) return select("#", ...) end
print(count(), count(nil, nil), count(many()))

-- direct tail calls do not grow the stack
local function down(n, acc) if n == 0 then return acc end return down(n - 1, acc + 1) end
print(down(10000000, 0))
local function ping(n) if n == 0 then return "done" end return (n % 2 == 0) and ping(n - 1) or ping(n - 1) end
print(ping(1000))

-- a local function defined in a loop: a new closure each time, the same code
local fs = {}
for i = 1, 3 do
  local function get() return i end
  fs[i] = get
  print(get())
end
print(fs[1](), fs[2](), fs[3]())

-- errors raised inside a directly called function carry its position and name
local function fail(x) return x.field end
print(pcall(fail, nil))
local function check(n) if type(n) ~= "number" then error("not a number: " .. tostring(n), 2) end return n end
print(pcall(function() return check("x") end))
print(select(2, pcall(string.rep)))
local function deep(n) if n == 0 then error("bottom") end return 1 + deep(n - 1) end
print(pcall(deep, 100))
