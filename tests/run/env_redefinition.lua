local print = print
local function sandbox()
  local _ENV = {x = 5}
  y = 10
  return x, y, _ENV
end
local x, y, env = sandbox()
print(x, y, env.y, rawget(_G, "y"))
do
  local _ENV = setmetatable({}, {__index = _G})
  newglobal = "in env"
  print(newglobal, rawget(_G, "newglobal"))
end
local function withenv(_ENV) return a + b end
print(withenv({a = 1, b = 2}))
