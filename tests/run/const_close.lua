local x <const> = 10
local y <const> = "s"
print(x, y)
do
  local c <close> = setmetatable({}, {__close = function(_, e) print("closed c", e) end})
  local d <close> = setmetatable({}, {__close = function() print("closed d") end})
  print("in block")
end
local function f()
  local r <close> = setmetatable({}, {__close = function() print("closed on return") end})
  return "returned"
end
print(f())
for i = 1, 2 do
  local l <close> = setmetatable({}, {__close = function() print("loop close", i) end})
  if i == 2 then break end
end
local n <close> = nil
print("nil is allowed")
