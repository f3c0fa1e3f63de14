-- A multi-module program: `flua compile examples/modular/main.lua -o report` bundles
-- report/table.lua and report/format.lua into one executable.
local tbl = require("report.table")
local fmt = require("report.format")

local rows = {
  {name = "alpha", size = 1200, modified = 1700000000},
  {name = "beta", size = 56, modified = 1710000000},
  {name = "gamma", size = 987654, modified = 1690000000},
}
table.sort(rows, function(a, b) return a.size > b.size end)
print(tbl.render({"name", "size", "modified (UTC)"}, rows, function(r)
  return {r.name, fmt.bytes(r.size), os.date("!%Y-%m-%d", r.modified)}
end))
