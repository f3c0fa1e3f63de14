local function count(n) if n == 0 then return 0 end return 1 + count(n - 1) end
local co = coroutine.create(function(n) return count(n) end)
print(coroutine.resume(co, 190000))
print(coroutine.status(co))
-- deep recursion that yields at the bottom, then unwinds
local function dive(n) if n == 0 then coroutine.yield("bottom") return 0 end return 1 + dive(n - 1) end
local w = coroutine.wrap(function() return dive(190000) end)
print(w())
print(w())
-- unbounded recursion inside a coroutine: catchable inside, and reported by resume
local function inf(n) return 1 + inf(n) end
co = coroutine.create(function()
  local ok, e = pcall(inf, 1)
  coroutine.yield(ok, e)
  return inf(1)
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))
-- and the program goes on, in coroutines and outside
print(coroutine.wrap(function() return count(1000) end)())
print(count(190000))
-- many coroutines, each a little deep, alive at once
local cos = {}
for i = 1, 200 do
  cos[i] = coroutine.create(function(n) local function r(k) if k == 0 then coroutine.yield(n) return n end return r(k - 1) + 0 end return r(n) end)
  assert(coroutine.resume(cos[i], i * 10))
end
local s = 0
for i = 1, 200 do local ok, v = coroutine.resume(cos[i]) s = s + v end
print(s)
