local function level3(x) return x.missing.field end
local function level2(x) return level3(x) + 1 end
local function level1() return level2({}) end
print(level1())
