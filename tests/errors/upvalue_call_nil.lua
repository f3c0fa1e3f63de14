local handler
local function dispatch() handler("event") end
dispatch()
