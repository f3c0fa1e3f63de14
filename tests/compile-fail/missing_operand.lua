print("ok")
local y = 1 +
