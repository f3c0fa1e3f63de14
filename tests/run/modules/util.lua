local name, path = ...
local M = {loaded_as = name, path = path}
function M.sum(...) local s = 0 for _, v in ipairs({...}) do s = s + v end return s end
local g = require("modules.greeting")
M.greet = g.hello
return M
