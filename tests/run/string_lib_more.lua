print(("abc"):sub(-2), ("abc"):sub(2, 100), ("abc"):sub(-100, 1), ("abc"):sub(3, 2), ("abc"):sub(0, 0))
print(string.rep("", 5), string.rep("x", 0), string.rep("x", -1), string.rep("ab", 3, ""), #string.rep("a", 1000))
print(string.byte(""), string.byte("A"), string.byte("ABC", -1), string.char(), string.char(0):byte())
print(("MiXeD"):upper(), ("MiXeD"):lower(), ("123"):upper(), string.len("\0\0"))
print(string.format("[%5s][%-5s][%.1s]", "ab", "ab", "ab"), string.format("%3d|%-3d|%03d", 7, 7, 7))
print(string.format("%g %g %g %g", 1, 1.5, 1e100, 2^63), string.format("%.14g", 0.1))
print(string.format("%q", "tab\tend"), string.format("%q", math.mininteger), string.format("%q", 1/0), string.format("%q", -1/0))
print(pcall(string.rep, "x", 1e10))
print(tostring(12):rep(2))

-- upper and lower over every byte: zeros, bytes above 127, past the buffer's first 256 bytes
local bytes = {}
for b = 0, 255 do bytes[#bytes + 1] = string.char(b) end
local all = table.concat(bytes) .. string.rep("xY", 300)
print(#all:upper(), all:upper():sub(60, 130), all:lower():sub(60, 130):byte(1, 8))
print(all:upper():sub(-4), all:lower():sub(-4), (""):upper(), ("\0"):lower() == "\0")
