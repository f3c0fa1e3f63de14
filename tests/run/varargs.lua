local function f(...) return select('#', ...), ... end
print(f())
print(f(nil, nil))
print(f(1, 2, 3))
local function g(a, ...) local t = {...}; return a, #t, t[1], t[#t] end
print(g(1, 2, 3, 4))
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
local function h(...) local a, b = ...; return a, b end
print(h(5), h(5, 6, 7))
print((f(1, 2, 3)))
local function pass(...) return ... end
print(pass(1, nil, 3))
local t = {pass(1, 2), pass(3, 4)}
print(#t, t[1], t[2], t[3])
print(table.pack(pass()).n, table.pack(pass(nil)).n)
local function count(...) return select('#', ...) end
print(count(pass(1, 2, 3)), count(pass(1, 2, 3), 4), count((pass(1, 2, 3))))
