local s = "Hello"
print(s:len(), s:upper(), s:lower(), s:rep(2, "-"), s:sub(2, -2), s:byte(), s:reverse())
print(("%d items"):format(3), ("abc"):len(), #s:rep(3))
local t = {s = "nested"}
print(t.s:upper())
