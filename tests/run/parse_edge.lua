local a = {f = function() return "called" end}
local r = a.f
(a)
print(r)
local s = ("x"):rep(2)
print(s)
print(#{1, 2, 3;4; 5,})
local t = {[1]=1, 2}
print(t[1])
print(2^-2, -2^2, - - 2, not nil == true)
print(1 .. 2 .. 3, "a" .. "b" == "ab")
print(5 // 2 * 2 + 5 % 2, 2 + 3 * 4 ^ 2 / 8)
print(1 < 2 == true, "x" == "x" and 1 or 2)
local x = 3; local y = x; print(y)
;;; print("semicolons")
do local _ENV = {print = print}; print(x, math) end
print(0xA, 0Xa, 1E1, 0x.8p1, 3e-2, .5e1)
