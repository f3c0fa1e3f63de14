local function classify(n)
  if n < 0 then return "neg" elseif n == 0 then return "zero" elseif n < 10 then return "small" else return "big" end
end
print(classify(-1), classify(0), classify(5), classify(50))
print(nil and 1, false or 2, 1 and 2, nil or false, false and nil, 0 and "zero is true", "" or 1)
local x = nil
print(x or "default", not x, not 0, not not nil)
if 0 then print("0 is true") end
if "" then print("empty string is true") end
local a = 1 < 2 and "yes" or "no"
print(a)
