local function validate(x) if type(x) ~= "number" then error("expected number", 2) end end
local function caller() validate("no") end
caller()
