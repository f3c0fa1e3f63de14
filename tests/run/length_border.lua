local t = {}
print(#t)
for i = 1, 10 do t[i] = i end
print(#t)
t[#t] = nil
print(#t)
t[#t + 1] = "x"
print(#t, t[10])
local s = {1, 2, 3}
table.insert(s, 4)
table.remove(s, 1)
print(#s, s[1], s[3])
local big = {}
for i = 1, 100000 do big[#big + 1] = i end
print(#big)
while #big > 99990 do big[#big] = nil end
print(#big)
print(#"", #"abc", #{n = 1}, #{nil}, #{1, 2, nil, 4} >= 2)
