local makers = {}
for i = 1, 5 do
  local count = i
  makers[i] = {
    inc = function() count = count + 1 return count end,
    get = function() return count end,
  }
end
makers[1].inc(); makers[1].inc(); makers[3].inc()
for i = 1, 5 do io.write(makers[i].get(), " ") end print()
local function gen()
  local fns = {}
  for i = 1, 3 do
    for j = 1, 2 do
      fns[#fns + 1] = function() return i * 10 + j end
    end
  end
  return fns
end
local out = {}
for _, f in ipairs(gen()) do out[#out + 1] = f() end
print(table.concat(out, ","))
local x = 0
local function add(n) x = x + n return add end
add(1)(2)(3)
print(x)
