for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, ":", j, " ")
    ::continue::
  end
end
print()
local i = 1
::top::
if i <= 3 then io.write(i, " "); i = i + 1; goto top end
print()
do
  goto skip
  print("skipped")
  ::skip::
end
local fns = {}
do
  local k = 1
  ::again::
  local v = k
  fns[k] = function() return v end
  k = k + 1
  if k <= 3 then goto again end
end
print(fns[1](), fns[2](), fns[3]())
