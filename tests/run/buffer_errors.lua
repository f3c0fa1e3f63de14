-- Errors raised while library functions build long strings (gsub, table.concat, format)
-- unwind cleanly, again and again. (That their buffers are not leaked is measured by hand:
-- the output cannot show it; see docs/performance.md and the issue note.)
local big = string.rep("abcdefghij", 200)
local n = 0
for i = 1, 300 do
  local ok = pcall(string.gsub, big, "j", function(c) if c == "j" and math.random() < 2 then n = n + 1 end if n % 50 == 0 then error("stop") end return "JJ" end)
  local ok2 = pcall(table.concat, {big, big, big, {}})
  local ok3 = pcall(string.format, "%s %s %d", big, big, {})
end
print(n > 0)
