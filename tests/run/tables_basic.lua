local t = {1, 2, 3, x = "ex", ["y z"] = 5, [10] = 10}
print(#t, t[1], t.x, t["y z"], t[10], t[4])
t[#t + 1] = 4
print(#t)
t.x = nil
print(t.x)
local n = {}
for i = 1, 100 do n[i] = i end
print(#n, n[50])
for i = 100, 51, -1 do n[i] = nil end
print(#n)
local m = {[1.0] = "one", [2] = "two"}
print(m[1], m[2.0], m[1.5])
local nested = {a = {b = {c = 42}}}
print(nested.a.b.c)
local s = {}
s[true] = "t"; s[false] = "f"
print(s[true], s[false])
print(rawlen({1, 2}), rawget(t, 1), rawequal(t, t), next({}))
local k = {}
k[k] = k
print(k[k] == k)
