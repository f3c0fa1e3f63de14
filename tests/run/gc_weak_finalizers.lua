-- Weak tables and finalizers. The collector is conservative on native stacks, so a few
-- objects may survive a collection: the checks count rather than name objects.
local finalized = 0
local function make_finalizable(n)
  for i = 1, n do setmetatable({}, {__gc = function() finalized = finalized + 1 end}) end
end
make_finalizable(1000)
collectgarbage()
collectgarbage()
print("finalized most", finalized > 900)

local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local strong = {}
local function fill(n)
  for i = 1, n do
    local value, key = {i}, {}
    if i % 10 == 0 then strong[#strong + 1] = value; strong[#strong + 1] = key end
    weakv[i] = value
    weakk[key] = i
  end
end
fill(1000)
collectgarbage()
local nv, nk = 0, 0
for _ in pairs(weakv) do nv = nv + 1 end
for _ in pairs(weakk) do nk = nk + 1 end
print("weak values kept", nv >= 100 and nv < 200, "weak keys kept", nk >= 100 and nk < 200)
local alive = 0
for i = 10, 1000, 10 do if weakv[i] and weakv[i][1] == i then alive = alive + 1 end end
print("strongly held survive", alive, #strong)
local strs = setmetatable({}, {__mode = "v"})
strs[1] = "strings " .. "are values"
collectgarbage()
print(strs[1])

-- an ephemeron: the value refers to its own key
local eph = setmetatable({}, {__mode = "k"})
local function cycle(n) for i = 1, n do local k = {} eph[k] = {k} end end
cycle(500)
collectgarbage()
local ne = 0
for _ in pairs(eph) do ne = ne + 1 end
print("ephemeron cycles collected", ne < 50)

-- resurrection: a finalizer can store its object
local saved = {}
local function phoenixes(n)
  for i = 1, n do setmetatable({name = "phoenix"}, {__gc = function(x) saved[#saved + 1] = x end}) end
end
phoenixes(100)
collectgarbage()
collectgarbage()
print(#saved > 90, saved[1] and saved[1].name)

-- finalizers still pending at exit run then, most recent first
setmetatable({}, {__gc = function() print("exit finalizer 1") end})
local keep = setmetatable({}, {__gc = function() print("exit finalizer 2") end})
print("end of program")
