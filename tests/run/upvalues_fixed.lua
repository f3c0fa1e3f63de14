-- A captured local that nobody assigns after its declaration stays in a register, each
-- closure gets a copy, and closures read their copy once. Every way of assigning a captured
-- local (in the function, in a closure, in a closure's closure, by `function name()`, by
-- a multiple assignment) must keep it shared instead.

-- never assigned: copies, all equal
local base = 10
local function adder(k) return function(x) return x + base + k end end
local a1, a2 = adder(1), adder(2)
print(a1(0), a2(0), base)

-- assigned by the function after the closure exists: shared
local count = 0
local function get() return count end
count = count + 5
print(get(), count)

-- assigned inside the closure: the function sees it
local total = 1
local function bump(n) total = total * n end
bump(3) bump(4)
print(total)

-- assigned two closures down (the assignment goes through an upvalue of an upvalue)
local depth = "outer"
local function level1()
  return function()
    return function(v) depth = v end
  end
end
local set = level1()()
local function read() return depth end
set("inner")
print(read(), depth)

-- assigned by `function name()` and by a multiple assignment in a closure
local f = function() return "old" end
local function call_f() return f() end
function f() return "new" end
print(call_f())
local p, q = 1, 2
local function swap() p, q = q, p end
swap()
print(p, q, (function() return p * 10 + q end)())

-- loop variables: a fresh local per iteration, each closure keeps its own
local fns = {}
for i = 1, 3 do fns[i] = function() return i * i end end
for _, s in ipairs({ "a", "b" }) do fns[#fns + 1] = function() return s end end
local out = {}
for _, fn in ipairs(fns) do out[#out + 1] = tostring(fn()) end
print(table.concat(out, " "))

-- a loop variable assigned in the body is shared with the closure made in that iteration
local late = {}
for i = 1, 2 do
  late[i] = function() return i end
  i = i + 100
end
print(late[1](), late[2]())

-- recursion through `local function` (the name is assigned after the closure captures it)
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))

-- the values stay alive through the closures' copies alone
local function make()
  local t = { name = "kept" }
  local s = string.rep("x", 3) .. "!"
  return function() return t.name, s end
end
local keep = make()
for _ = 1, 3 do
  local _ = {}
  collectgarbage()
end
print(keep())

-- a fixed _ENV
do
  local _ENV = { print = print, x = "from env" }
  local function show() print(x) end
  show()
end

-- closures inside coroutines reading fixed upvalues
local step = 7
local co = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i * step) end
end)
print(co(), co(), co())

-- a captured number never assigned keeps its kind for the loop that uses it
local scale = 0.5
local function scaled(v) return v * scale end
local acc = 0.0
for i = 1, 10 do acc = acc + i * scale end
print(acc, scaled(4))

-- to-be-closed and captured
do
  local closed = {}
  do
    local h <close> = setmetatable({}, { __close = function() closed[#closed + 1] = "closed" end })
    local function peek() return h ~= nil end
    print(peek())
  end
  print(closed[1])
end

-- an error naming a fixed upvalue keeps its description
local cfg = nil
local function use() return cfg.port end
print(pcall(use))
