local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(10000000, 0))
local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(1000001))
local obj = {n = 0}
function obj:count(k) if k == 0 then return self.n end self.n = self.n + 1 return self:count(k - 1) end
print(obj:count(1000000))
local function multi(n) if n == 0 then return 1, 2, 3 end return multi(n - 1) end
print(multi(100))
