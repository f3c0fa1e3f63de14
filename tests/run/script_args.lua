-- args: one two 3
print(#arg, arg[1], arg[2], arg[3], arg[4])
print(select('#', ...), ...)
local a, b = ...
print(a, b)
