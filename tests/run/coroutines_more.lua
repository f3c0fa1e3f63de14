-- nested coroutines, statuses, generators in generic for, yield from iterators
local outer, inner
inner = coroutine.create(function()
  print("inner sees outer as", coroutine.status(outer))
  coroutine.yield("inner yielded")
  return "inner done"
end)
outer = coroutine.create(function()
  print(coroutine.resume(inner))
  print("status of inner after yield:", coroutine.status(inner))
  coroutine.yield("outer yielded")
  print(coroutine.resume(inner))
  print(coroutine.resume(inner))
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
print(coroutine.status(outer))
local function iter()
  return coroutine.wrap(function()
    for i = 1, 3 do
      for j = 1, 2 do coroutine.yield(i, j) end
    end
  end)
end
local acc = {}
for i, j in iter() do acc[#acc + 1] = i .. ":" .. j end
print(table.concat(acc, " "))
local function walk(t)
  for _, v in ipairs(t) do
    if type(v) == "table" then walk(v) else coroutine.yield(v) end
  end
end
local flat = {}
for v in coroutine.wrap(function() walk({1, {2, {3, 4}, 5}, {{6}}}) end) do flat[#flat + 1] = v end
print(table.concat(flat, ","))
local co = coroutine.create(function(...)
  local args = {...}
  while true do
    local cmd = coroutine.yield(#args)
    if cmd == "stop" then break end
    args[#args + 1] = cmd
  end
  return table.concat(args, "+")
end)
print(coroutine.resume(co, "a", "b"))
print(coroutine.resume(co, "c"))
print(coroutine.resume(co, "stop"))
print(coroutine.resume(co))
local function deep(n) if n == 0 then return coroutine.yield("bottom") end return deep(n - 1) end
local d = coroutine.wrap(function() return deep(5000) end)
print(d())
print(d("back up"))
print(pcall(coroutine.resume, 42))
print(select("#", coroutine.running()), coroutine.isyieldable())
local cw = coroutine.wrap(function() return 1, 2, 3 end)
print(cw())
print(pcall(cw))
local closed = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closed)
print(coroutine.close(closed), coroutine.status(closed))
local errco = coroutine.create(function() error("fail") end)
coroutine.resume(errco)
print(coroutine.close(errco))
