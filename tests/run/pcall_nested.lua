local function lvl3() error("deep error") end
local function lvl2() lvl3() end
local function lvl1() local ok, e = pcall(lvl2); return "caught: " .. e end
print(lvl1())
print(pcall(pcall, pcall, error, "x"))
local ok, e = pcall(function()
  local ok2, e2 = pcall(error, "inner")
  error("outer(" .. tostring(e2) .. ")", 0)
end)
print(ok, e)
local function thrower(v) error(v) end
for _, v in ipairs({"str", 42, true}) do
  local ok3, e3 = pcall(thrower, v)
  print(ok3, type(e3), e3)
end
print(pcall(error, nil))
local t = setmetatable({}, {__index = function(_, k) error("no field " .. k) end})
print(pcall(function() return t.missing end))
local depth = 0
local function recurse() depth = depth + 1; local ok = pcall(function() if depth < 50 then recurse() else error("bottom") end end) return ok end
print(recurse(), depth)
