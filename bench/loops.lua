-- Nested numeric loops with integer and float arithmetic.
local sum, fsum = 0, 0.0
for i = 1, 3000 do
  for j = 1, 10000 do
    sum = sum + (i * j) % 7
    fsum = fsum + j * 0.5
  end
end
print(sum, fsum)
