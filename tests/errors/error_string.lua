local function check(x) if x > 1 then error("value too large: " .. x) end end
check(1)
check(5)
