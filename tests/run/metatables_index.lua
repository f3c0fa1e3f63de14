local base = {greet = function(self) return "hi " .. self.name end}
local obj = setmetatable({name = "bob"}, {__index = base})
print(obj:greet(), obj.missing)
local chain = setmetatable({}, {__index = setmetatable({}, {__index = {deep = "found"}})})
print(chain.deep)
local log = {}
local proxy = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k; rawset(t, k, v * 2) end})
proxy.a = 1; proxy.b = 2; proxy.a = 10
print(proxy.a, proxy.b, table.concat(log, ","))
local ro = setmetatable({}, {__newindex = {}})
ro.x = 5
print(rawget(ro, "x"), getmetatable(ro).__newindex.x)
local defaults = setmetatable({}, {__index = function(t, k) return k * 2 end})
print(defaults[21], defaults[1.5])
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot), pcall(setmetatable, prot, {}))
print(getmetatable("abc").__index == string, ("x"):rep(2))
local arr = setmetatable({1, 2, nil, 4}, {__index = function(_, k) return "fallback" .. k end})
print(arr[1], arr[3], arr[5])
