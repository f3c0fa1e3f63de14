-- t[k] = v with keys only known at run time (the runtime's set path): long and short
-- strings built by concatenation, revived keys, float keys that are integers, and
-- tables with and without __newindex.
local t = {}
local long1 = string.rep("x", 50) .. "tail"
local long2 = string.rep("x", 25) .. string.rep("x", 25) .. "tail"
t[long1] = 1
t[long2] = t[long2] + 1          -- the same key, a different string object
print(t[long1], rawequal(long1, long2), long1 == long2)
for i = 1, 20 do t["k" .. (i % 7)] = i end
local keys = {}
for k, v in pairs(t) do if #k < 10 then keys[#keys + 1] = k .. "=" .. v end end
table.sort(keys)
print(table.concat(keys, " "))
t["k1"] = nil                    -- delete, then revive the same key
print(t["k1"], next({}) == nil)
t["k" .. 1] = "back"
print(t.k1)
t[3.0] = "three"                 -- a float key with an integer value is the integer key
print(t[3], math.type(next({[2.0] = true})))
t[2^53] = "big"
print(t[2^53], t[math.tointeger(2^53)])
t[-0.0] = "zero"
print(t[0], t[0.0])
local absent = "never" .. "set"
t[absent] = nil                  -- assigning nil to an absent key adds nothing
local n = 0
for _ in pairs(t) do n = n + 1 end
print(n)
local log = {}
local proxy = setmetatable({}, {__newindex = function(tab, k, v) log[#log + 1] = tostring(k); rawset(tab, k, v) end})
for i = 1, 3 do proxy["p" .. i] = i end
proxy["p" .. 2] = 20             -- present now: no __newindex
print(table.concat(log, ","), proxy.p2)
local ok, err = pcall(function() local k = 0 / 0; t[k] = 1 end)
print(ok, err)
ok, err = pcall(function() local k; t[k] = 1 end)
print(ok, err)
