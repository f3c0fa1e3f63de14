-- Hash parts created by constructors, then grown, shrunk and iterated.
local function keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = tostring(k) end
  table.sort(ks)
  return table.concat(ks, " ")
end

local p = {x = 1, y = 2}
p.z = 3                                  -- fits the constructor's part
p.w = 4; p.v = 5; p.u = 6; p.t = 7       -- outgrows it
print(keys(p), p.x, p.y, p.t)
p.w, p.v, p.u, p.t, p.z = nil, nil, nil, nil, nil
for i = 1, 3 do p["n" .. i] = i end      -- rehash back into a small part
print(keys(p), p.n3)

local r = {a = 1, b = 2, c = 3, d = 4, e = 5}
for k in pairs(r) do r[k] = nil end      -- clearing while iterating is allowed
print(next(r))
r.f = "f"
print(keys(r))

local mixed = {1, 2, 3, name = "m", size = 3}
mixed[4] = 4
mixed.extra = true
for i = 5, 40 do mixed[i] = i end
print(#mixed, mixed.name, mixed.size, mixed.extra, mixed[40])

-- many small records alive across collections
local recs = {}
for i = 1, 4000 do recs[i] = {id = i, name = "r" .. i, tag = i % 7} end
collectgarbage()
local s = 0
for i = 1, #recs do s = s + recs[i].id + recs[i].tag + #recs[i].name end
print(s)
for i = 1, #recs, 3 do recs[i].more = i; recs[i].name = nil end
collectgarbage()
s = 0
for i = 1, #recs, 3 do s = s + recs[i].more + (recs[i].name and 1 or 0) end
print(s, keys(recs[1]))
