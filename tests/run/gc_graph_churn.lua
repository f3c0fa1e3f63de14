-- A graph of tables, closures, coroutines and weak tables mutated at random (a fixed
-- generator, so the run is deterministic) while garbage is made: every kind of store
-- into old objects, checked against a shadow description at the end. Sized to stay quick
-- in the test run that collects at every allocation.

local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed // 65536 % n + 1
end

local N = 64
local nodes, shadow = {}, {}
for i = 1, N do
  nodes[i] = {id = i, links = {}, tag = "n" .. i}
  shadow[i] = {}
end

local function boxed_counter()
  local n = 0
  return function(k) n = n + k return n end
end
local counters = {}
local weak = setmetatable({}, {__mode = "v"})
local gens = {}
for i = 1, 8 do
  gens[i] = coroutine.wrap(function()
    local acc = {}
    while true do
      acc[#acc + 1] = {i}
      if #acc > 4 then acc = {acc[#acc]} end
      coroutine.yield(#acc)
    end
  end)
end

local made = 0
for step = 1, 3000 do
  local op = rand(6)
  local a, b = rand(N), rand(N)
  if op == 1 then                         -- link a -> b through a fresh table
    local slot = rand(4)
    nodes[a].links[slot] = {to = nodes[b], step = step}
    shadow[a][slot] = b
  elseif op == 2 then                     -- replace a node's record of fields
    nodes[a].tag = "t" .. step
  elseif op == 3 then                     -- closures with their own boxes
    counters[rand(16)] = boxed_counter()
  elseif op == 4 then                     -- weak values: only kept while linked
    weak[rand(32)] = {step}
  elseif op == 5 then                     -- resume a coroutine holding young tables
    gens[rand(8)]()
  else                                    -- garbage
    for _ = 1, 60 do made = made + #{step, {step}} end
  end
end

local sum = 0
for i = 1, N do
  for slot = 1, 4 do
    local l = nodes[i].links[slot]
    if l then
      assert(l.to == nodes[shadow[i][slot]], "link " .. i .. "/" .. slot)
      sum = sum + l.to.id + l.step
    else
      assert(shadow[i][slot] == nil)
    end
  end
  assert(nodes[i].tag:match("^[nt]%d+$"))
end
local live = 0
for _, c in pairs(counters) do live = live + c(1) end
local weaks = 0
for _, v in pairs(weak) do assert(type(v[1]) == "number") weaks = weaks + 1 end
print(sum, live, made, weaks <= 32)
for i = 1, 8 do io.write(gens[i](), " ") end
print()
