local t = setmetatable({}, {__add = function() error("inside __add") end})
print(t + 1)
