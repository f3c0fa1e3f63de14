-- Method calls on strings go through the string metatable's __index, which programs may
-- extend or replace.
local s = "Hello"
print(s:upper(), s:len(), ("x"):rep(3), s:sub(2, 3), #s:lower())
function string.shout(x) return x:upper() .. "!" end
print(s:shout())
local mt = getmetatable("")
local old = mt.__index
mt.__index = function(str, key)
  if key == "first" then return function(self) return self:sub(1, 1) end end
  return old[key]
end
print(s:first(), s:upper())
mt.__index = setmetatable({}, {__index = old})
print(s:lower(), s.nothing)
mt.__index = old
print(pcall(function() return s:nomethod() end))
print(pcall(function() local n = 5 return n:upper() end))
