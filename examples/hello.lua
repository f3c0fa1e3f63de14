-- A first program: flua compile examples/hello.lua -o hello && ./hello
local function greet(name) return ("Hello, %s!"):format(name) end
print(greet(arg[1] or "world"))
local squares = {}
for i = 1, 5 do squares[#squares + 1] = i * i end
print("squares: " .. table.concat(squares, " "))
