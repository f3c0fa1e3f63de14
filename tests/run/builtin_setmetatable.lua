-- setmetatable(t, mt) is inlined while the global is the library's function and mt has no
-- __gc: every other case must behave as the library does.
local mt = { __index = function(_, k) return k .. "!" end }
local function new(x) return setmetatable({ x = x }, mt) end
local a = new(1)
print(a.x, a.y, getmetatable(a) == mt)
-- already has a metatable: replaced, as the library does
local b = setmetatable(new(2), { __index = { y = "other" } })
print(b.y)

-- a protected metatable, a nil metatable, a non-table, a missing argument
local p = setmetatable({}, { __metatable = "locked" })
print(pcall(setmetatable, p, {}))
print(pcall(function() return setmetatable(p, {}) end))
print(getmetatable(setmetatable(new(3), nil)))
print(pcall(function() return setmetatable(5, mt) end))
print(pcall(function() local r = setmetatable({}, 7) return r end))

-- __gc present when the metatable is set: the finalizer runs
local log = {}
local gcmt = { __gc = function(o) log[#log + 1] = o.name end }
local function tagged(name) return setmetatable({ name = name }, gcmt) end
-- (made and collected in calls of their own: a stale copy of an address in the main
-- chunk's registers would keep the object alive, see README. `scope` is also called from
-- a loop, so that its call of `f` is an inline one: called only from the main chunk, its
-- call went through the runtime, whose frames under AddressSanitizer are larger and kept
-- a stale copy of "late" below, at -O Debug)
local function churn() local t = {} for i = 1, 100 do t[i] = {} end return #t end
local function collect() churn() collectgarbage() collectgarbage() end
local function scope(f, name) f(name) end
for _ = 1, 0 do scope(print, "never") end
scope(tagged, "first")
collect()
print(#log, log[1])
-- __gc added to a metatable after it was used without one: later tables get finalizers
local late = {}
local function make(name) return setmetatable({ name = name }, late) end
scope(make, "no finalizer")
late.__gc = function(o) log[#log + 1] = o.name end
scope(make, "late")
collect()
print(#log, log[2])

-- the global replaced: a plain call, and a proper tail call of a Lua function
local real = setmetatable
setmetatable = function(t, m) return "replaced" end
print(new(4))
local depth = 0
setmetatable = function(t, m)
  depth = depth + 1
  if depth < 300000 then return setmetatable(t, m) end
  return depth
end
local function tail(t, m) return setmetatable(t, m) end
print(tail({}, {}))
setmetatable = real
print(new(5).x, getmetatable(new(6)) == mt)
