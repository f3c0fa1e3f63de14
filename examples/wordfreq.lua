-- A small command-line utility: counts word lengths in its arguments.
local counts = {}
for i = 1, #arg do
  local n = #arg[i]
  counts[n] = (counts[n] or 0) + 1
end
local lengths = {}
for n in pairs(counts) do lengths[#lengths + 1] = n end
table.sort(lengths)
for _, n in ipairs(lengths) do
  io.write(string.format("%3d letters: %s\n", n, string.rep("*", counts[n])))
end
if #arg == 0 then print("usage: wordfreq WORD...") os.exit(2) end
