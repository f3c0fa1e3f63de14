local i = 0
while i < 5 do i = i + 1 end
print(i)
repeat i = i - 1 until i <= 0
print(i)
local n = 0
repeat local done = n >= 3; n = n + 1 until done
print(n)
while true do n = n + 1; if n > 10 then break end end
print(n)
local x = 0
for a = 1, 3 do for b = 1, 3 do if b == 2 then break end x = x + 1 end end
print(x)
