g1 = 5
print(g1, g2)
g2 = g1 * 2
print(g2, _G.g2, _G["g1"])
_G.g3 = "via _G"
print(g3)
local function setg() g4 = "set in function" end
setg()
print(g4, type(_G), _G._G == _G, _VERSION)
