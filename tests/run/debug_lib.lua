local function where() local i = debug.getinfo(2); return i.currentline, i.short_src, i.what end
print(where())
local function info_of(f) local i = debug.getinfo(f); return i.what, i.linedefined, i.lastlinedefined, i.short_src, i.source:sub(1, 1), i.nparams, i.isvararg end
local function sample(a, b)
  return a + b
end
print(info_of(sample))
print(info_of(print))
local function named() local i = debug.getinfo(1); return i.name, i.namewhat, i.currentline end
print(named())
local t = {m = function() local i = debug.getinfo(1); return i.name, i.namewhat end}
print(t.m())
print(t:m())
print(debug.getinfo(1).what, debug.getinfo(100))
print(debug.getmetatable("x").__index == string, debug.getmetatable(1))
local tb = debug.traceback("msg")
print(tb:match("^msg\nstack traceback:") ~= nil)
print(debug.traceback({}) ~= nil, type(debug.traceback(nil)))
