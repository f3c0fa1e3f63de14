-- t[i] that misses the array part: nil without looking further only when no metatable and
-- no hash part can answer; every other case goes through the full lookup.
local plain = { 1, 2, nil, 4 }
print(plain[3], plain[5], plain[0], plain[-1], plain[4])
local leaf = {}
print(leaf[1], leaf[100])
-- keys in the hash part beyond the array part
local mixed = { 1, 2 }
mixed[10] = "ten"
mixed[-3] = "minus three"
mixed[0] = "zero"
print(mixed[10], mixed[-3], mixed[0], mixed[3], mixed[11])
-- a nil hole in the array part with an __index
local holes = setmetatable({ 1, nil, 3 }, { __index = function(_, k) return "meta " .. k end })
print(holes[1], holes[2], holes[3], holes[4], holes[0])
-- an __index table behind an empty table
local base = { "a", "b", "c" }
local derived = setmetatable({}, { __index = base })
print(derived[1], derived[3], derived[4])
-- a metatable added later, then removed
local late = { 1 }
print(late[2])
setmetatable(late, { __index = function() return "late" end })
print(late[2], late[1])
setmetatable(late, nil)
print(late[2])
-- float keys with integer values use the same slots
local f = { 10, 20 }
print(f[1.0], f[2.0], f[3.0], f[1.5])
-- a tree walk that ends at leaves
local function build(d) if d == 0 then return {} end return { build(d - 1), build(d - 1) } end
local function count(t) if t[1] then return 1 + count(t[1]) + count(t[2]) end return 1 end
print(count(build(10)))
-- indexing a non-table: the usual errors
print(pcall(function() local n = nil return n[1] end))
print(pcall(function() local s = 5 return s[1] end))
print(("abc")[1])
