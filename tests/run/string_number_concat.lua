print(1 .. "", 1.0 .. "", -1 .. "", 1e100 .. "", 2^63 .. "", math.mininteger .. "")
print(0.1 .. "|" .. 1/3 .. "|" .. 100 .. "|" .. 100.0)
local parts = {}
for i = 1, 10 do parts[#parts + 1] = i .. "" end
print(table.concat(parts))
local s = ""
for i = 1, 5 do s = s .. i .. (i < 5 and "," or "") end
print(s)
print(("x"):rep(3) .. 1 .. 2.5)
