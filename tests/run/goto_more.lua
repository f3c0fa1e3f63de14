local i = 0
while true do
  i = i + 1
  if i % 2 == 0 then goto continue end
  if i > 7 then break end
  io.write(i, " ")
  ::continue::
end
print()
do
  local k = 0
  ::loop::
  k = k + 1
  if k < 5 then goto loop end
  print("k", k)
end
for _, v in ipairs({1, 2, 3}) do
  repeat
    if v == 2 then goto next end
    io.write(v, " ")
  until true
  ::next::
end
print()
goto done
print("skipped")
::done::
print("done")
