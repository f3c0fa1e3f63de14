local primes = {}
local n = 2
while #primes < 20 do
  local is = true
  for _, p in ipairs(primes) do
    if p * p > n then break end
    if n % p == 0 then is = false; break end
  end
  if is then primes[#primes + 1] = n end
  n = n + 1
end
print(table.concat(primes, " "))
local a, b = 0, 1
local fibs = {}
repeat fibs[#fibs + 1] = a; a, b = b, a + b until a > 1000
print(table.concat(fibs, ","))
local collatz, steps = 27, 0
while collatz ~= 1 do
  if collatz % 2 == 0 then collatz = collatz // 2 else collatz = 3 * collatz + 1 end
  steps = steps + 1
end
print(steps)
