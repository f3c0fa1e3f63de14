local x = 1
error("module failed to load: " .. x)
