-- Chains `a .. b .. c ...` are joined in one allocation per run of strings and numbers,
-- with lua5.4's order for __concat and its names in errors (a metamethod's result takes
-- the place, and the name, of its left operand).
local a, b, c = "x", 1, 2.5
print(a .. b .. c, a .. b .. c .. "end")
print(("(" .. a .. ")") .. b .. c)
local long = string.rep("y", 30)
print(#(long .. a .. long .. b), long .. 7 .. long)
local T = setmetatable({}, {})
getmetatable(T).__concat = function(p, q) if p == T then return "<T>" else return "[T]" end end
print(a .. T .. b .. c)
print(T .. a .. b)
print(a .. b .. T)
print(1 .. 2 .. T .. 3 .. 4)
print(pcall(function() local n; return a .. n .. c end))
print(pcall(function() local t = {} return a .. b .. t.x end))
print(pcall(function() return a .. {} .. c end))
print(pcall(function() local z return z .. a .. b end))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = i .. ":" .. i * 2 .. ";" end
print(table.concat(parts))
print(-0.0 .. "|" .. 1e100 .. "|" .. math.mininteger .. "|" .. 2^63)
local R = setmetatable({}, { __concat = function(p, q) return nil end })
print(pcall(function() return a .. R .. b end))
print(pcall(function() return a .. b .. R .. c end))

-- a long chain, one operand per line, and an error on a later line
local words = {}
for i = 1, 60 do words[i] = "w" .. i end
local joined = words[1] .. words[2] .. words[3] .. words[4] .. words[5] .. words[6] .. words[7] ..
  words[8] .. words[9] .. words[10] .. 11 .. 12.0 .. words[13]
print(joined, #joined)
print(pcall(function()
  local missing
  return "a" ..
    "b" ..
    missing ..
    "c"
end))
-- strings stay alive while the chain is built (a collection inside an operand)
local function churn(v) for _ = 1, 50 do local _ = { v .. "!" } end collectgarbage() return v end
print(churn("p") .. churn("q") .. churn(3) .. string.rep("z", 50) .. churn("r"))
-- results across the short/long string boundary (40 bytes)
for n = 36, 42, 2 do
  local s = string.rep("a", n - 6) .. "b" .. 12 .. "c" .. 3.5
  print(#s, s == string.rep("a", n - 6) .. "b12c3.5")
end
