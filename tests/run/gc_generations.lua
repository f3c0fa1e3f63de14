-- The generational collector: objects made old by a full collection, then given
-- references to new objects in every way a program can store one, then many minor
-- collections (garbage churned), then every reference checked. A store whose write
-- barrier were missing would leave the new object to be freed and reused.

local function churn()
  -- a few MB of short-lived tables and strings: several minor collections
  local keep
  for i = 1, 60000 do
    keep = {i, tostring(i), {i}}
  end
  return keep
end

local Class = {}
Class.__index = Class
function Class:get() return self.v end

local record = {a = false, b = false}      -- field stores through an inline cache
local array = {0, 0, 0, 0}                 -- array-part stores, inline
local grown = {0, 0, 0, 0}                 -- array-part growth, in the runtime
local hash = {}                            -- new keys
local nested = {inner = {x = 1}}
local meta_target = {}
local counter = 0
local function bump() counter = counter + 1 return counter end  -- upvalue box store
local boxed = {}
local function set_boxed(s) boxed = {s} end                      -- captured and assigned
local co = coroutine.create(function(a)
  local got = a
  while true do
    local nxt = coroutine.yield(got[1])
    got = nxt
  end
end)
coroutine.resume(co, {"first"})
local weak = setmetatable({}, {__mode = "k"})
local anchor = {}
weak[anchor] = {"weakly kept"}

-- each store site runs twice, so that its inline cache is filled when it meets the old table
-- (the new objects are made inside, so that no stale stack slot of the caller keeps them)
local function set_fields(r, a, b) r.a = {a}; r.b = b .. "" end
local function set_item(t, i, s) t[i] = {s} end
set_fields({a = 0, b = 0}, 1, 2)
set_item({0, 0}, 2, 0)
-- stores of numbers need no barrier, stores of objects do: the same sites store both
local nums = {1, 2, 3}
local numrec = {n = 1}
local numbox = 0
local function set_num(t, i, v) t[i] = v end
local function set_n(r, v) r.n = v end
local function set_box(v) numbox = v end
set_num({0, 0}, 1, 5)
set_n({n = 0}, 5)

collectgarbage()                           -- everything above is old now

set_fields(record, "record a", "record b " .. counter)
set_item(array, 2, "array 2")
grown[5] = {"grown 5"}
hash["k" .. counter] = {"hash k0"}
hash[{}] = "table key"
nested.inner.y = {"nested y"}
setmetatable(meta_target, {__index = function(_, k) return "meta " .. k end})
bump()
set_boxed("boxed")
local s1, v1 = coroutine.resume(co, {"second"})
local made = {}
for i = 1, 3 do
  for j = 1, 2 do
    made[#made + 1] = function() return i * 10 + j end  -- two fresh boxes per closure
  end
end
local ctor = {churn()[2], {"ctor 2"}, churn()[2], {"ctor 4"}}  -- collections between items
local obj = setmetatable({v = {"method value"}}, Class)
local it = ("a1 b2 c3"):gmatch("(%a)(%d)")
weak[anchor][2] = {"weak value"}
set_num(nums, 2, 42)
set_num(nums, 2, "array str " .. counter)
set_num(nums, 3, 2.5)
set_n(numrec, 7)
set_n(numrec, {"rec table"})
set_box(3.5)
set_box({"box table"})

for _ = 1, 5 do churn() end

print(record.a[1], record.b)
print(array[2][1], grown[5][1], #grown)
print(hash.k0[1])
for k, v in pairs(hash) do if type(k) == "table" then print(v) end end
print(nested.inner.y[1], meta_target.zz)
print(counter, boxed[1], s1, v1)
local sums = {}
for _, f in ipairs(made) do sums[#sums + 1] = f() end
print(table.concat(sums, ","))
print(ctor[1], ctor[2][1], ctor[3], ctor[4][1])
print(obj:get()[1])
print(it())
print(weak[anchor][1], weak[anchor][2][1])
print(select(2, coroutine.resume(co, {"third"})))
print(nums[1], nums[2], nums[3], numrec.n[1], numbox[1])
