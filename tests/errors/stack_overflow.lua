local function runaway(n) return 1 + runaway(n + 1) end
runaway(1)
