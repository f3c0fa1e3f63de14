-- table.insert(t, v) in loops appends without calling the library function while it is
-- still the library's and t has no metatable; everything else must behave as lua5.4's.
local t = {}
for i = 1, 100 do table.insert(t, i * 2) end
local tinsert = table.insert -- a local alias is recognised too
for i = 1, 10 do tinsert(t, -i) end
print(#t, t[1], t[100], t[110])

-- a hole: the length is a border, the value goes after it
local holes = { 1, 2, 3 }
holes[5] = 5
for _ = 1, 2 do table.insert(holes, "x") end
print(#holes, holes[4], holes[6])

-- nil appended: nothing changes
local n = { 1 }
for _ = 1, 3 do table.insert(n, nil) end
print(#n)

-- a table with a metatable: __len and __newindex are honoured
local log = {}
local meta = setmetatable({}, {
  __len = function() return 10 end,
  __newindex = function(tt, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(tt, k, v) end,
})
for i = 1, 3 do table.insert(meta, i) end
print(table.concat(log, " "), rawlen(meta))

-- the three-argument form, and table.insert replaced midway
local three = { "a", "c" }
for _ = 1, 1 do table.insert(three, 2, "b") end
print(table.concat(three, ""))
local real = table.insert
local calls = 0
local r = {}
for i = 1, 6 do
  if i == 4 then table.insert = function(tt, v) calls = calls + 1; real(tt, v .. "!") end end
  table.insert(r, tostring(i))
end
table.insert = real
print(table.concat(r, " "), calls)

-- errors name the function as lua5.4 does
print(pcall(function() for _ = 1, 2 do table.insert(nil, 1) end end))
print(pcall(function() for _ = 1, 2 do table.insert(42, 1) end end))
print(pcall(function() for _ = 1, 2 do table.insert({}, 1, 2, 3) end end))

-- as a tail call, and its (lack of) results
local function push(tt, v) return table.insert(tt, v) end
local p = {}
print(select("#", push(p, 1)), select("#", table.insert(p, 2)), #p)
