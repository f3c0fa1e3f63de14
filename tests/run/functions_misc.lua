local function noret() end
print(noret(), select("#", noret()), (noret()))
local function many() return 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 end
print(many())
print(select("#", many()), select(10, many()))
local t = {many(), many()}
print(#t)
local function opt(a, b, c) return a, b, c end
print(opt(1), opt(1, 2, 3, 4))
local function rec(n, ...) if n == 0 then return ... end return rec(n - 1, n, ...) end
print(rec(5))
local anon = (function(...) return select("#", ...) end)(nil, nil, nil)
print(anon)
local obj = {v = 7, get = function(self) return self.v end}
print(obj:get(), obj.get(obj), obj.get({v = 8}))
print(type(function() end), tostring(nil) .. "", math.max(table.unpack({3, 8, 1})))
