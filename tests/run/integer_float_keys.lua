local t = {}
t[1] = "int"; t[2.0] = "float two"; t[3.5] = "float"
print(t[1.0], t[2], t[3.5], #t)
t[2^53] = "big"
print(t[2^53], t[math.tointeger(2^53)])
local k = {}
k[-0.0] = "zero"
print(k[0], k[0.0])
for key, v in pairs({[1.0] = "a"}) do print(math.type(key), v) end
