local function closable(name) return setmetatable({}, {__close = function(_, err) print("close " .. name, err) end}) end
print(pcall(function()
  local a <close> = closable("a")
  local b <close> = closable("b")
  error("boom")
end))
print(pcall(function()
  local outer <close> = closable("outer")
  do
    local inner <close> = closable("inner")
    local t = nil
    return t.x
  end
end))
print(pcall(function()
  local c <close> = setmetatable({}, {__close = function() error("close failed") end})
  error("original")
end))
local co = coroutine.create(function()
  local r <close> = closable("in coroutine")
  coroutine.yield("suspended")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
local co2 = coroutine.create(function()
  local r <close> = closable("dies")
  error("coroutine error")
end)
print(coroutine.resume(co2))
local function gen()
  local i = 0
  return function() i = i + 1 if i <= 2 then return i end end, nil, nil, closable("for-loop state")
end
for i in gen() do print("iter", i) end
for i in gen() do if i == 1 then break end end
print(pcall(function() for i in gen() do error("in loop") end end))
print(coroutine.close(co2))
