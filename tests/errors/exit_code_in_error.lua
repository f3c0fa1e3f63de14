print("output before the error")
local t = nil
t.x = 1
