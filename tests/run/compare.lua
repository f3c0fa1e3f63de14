print(1 < 2, 2 < 1, 1 <= 1, 1 > 2, 2 >= 2, 1 == 1.0, 1 ~= 1.0, "a" < "b", "abc" < "abd", "Z" < "a")
print(1 < 1.5, 1.5 < 2, math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63, math.mininteger == -2^63)
print("" < "a", "a" < "aa", "10" < "9", 0/0 < 1, 0/0 >= 1, -0.0 == 0.0)
local t1, t2 = {}, {}
print(t1 == t2, t1 == t1, t1 ~= t2, nil == false, "1" == 1, print == print)
print(2^53 == 2^53 + 1, math.maxinteger == math.maxinteger + 0.0, 9007199254740993 < 9007199254740992.0)
