-- A word-frequency report over a text, as a command-line tool would produce it.
local text = [[
The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs!
A fox, a dog, and THE end. Quick quick QUICK.
]]
local counts, total = {}, 0
for word in text:lower():gmatch("%a+") do
  counts[word] = (counts[word] or 0) + 1
  total = total + 1
end
local words = {}
for w, c in pairs(counts) do words[#words + 1] = {word = w, count = c} end
table.sort(words, function(a, b) if a.count ~= b.count then return a.count > b.count end return a.word < b.word end)
print(string.format("%d words, %d distinct", total, #words))
for i = 1, 5 do
  local w = words[i]
  print(string.format("%2d. %-8s %3d %5.1f%% %s", i, w.word, w.count, 100 * w.count / total, string.rep("#", w.count)))
end
local lines = 0
for _ in text:gmatch("[^\n]+") do lines = lines + 1 end
print("lines:", lines, "chars:", #text)
