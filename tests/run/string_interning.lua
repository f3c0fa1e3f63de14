-- The intern table under churn: 9,000 short strings made (small enough for the suite's
-- collect-at-every-allocation run), most collected (leaving deleted slots), some kept;
-- equal contents must still be one string (table keys).
local keep = {}
for round = 1, 3 do
  local t = {}
  for i = 1, 3000 do t[i] = "s" .. i .. "_" .. round end
  for i = 1, 3000, 97 do keep[#keep + 1] = t[i] end
  t = nil
  collectgarbage()
end
local same = 0
for _, s in ipairs(keep) do
  local a, r = s:match("s(%d+)_(%d+)")
  if ("s" .. a .. "_" .. r) == s then same = same + 1 end
end
local h = {}
for _, s in ipairs(keep) do h[s] = true end
local hits = 0
for round = 1, 3 do for i = 1, 3000, 97 do if h["s" .. i .. "_" .. round] then hits = hits + 1 end end end
print(#keep, same, hits)
