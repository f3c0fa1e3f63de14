-- String building: concatenation, formatting, table.concat, string.rep/sub/byte.
local parts = {}
for i = 1, 400000 do
  parts[#parts + 1] = string.format("%d:%s", i, "item" .. (i % 10))
end
local joined = table.concat(parts, ",")
print(#joined)
local count = 0
for i = 1, #joined, 7 do
  if joined:sub(i, i) == "," then count = count + 1 end
end
print(count)
local s = ""
for i = 1, 20000 do s = s .. string.char(65 + i % 26) end
local bytes = 0
for i = 1, #s do bytes = bytes + s:byte(i) end
print(#s, bytes, string.rep("ab", 5, "-"):upper())
