-- Reads CSV from a file it writes first, aggregates, and prints a formatted report.
local path = os.tmpname()
local f = assert(io.open(path, "w"))
f:write("date,region,amount\n")
local regions = {"north", "south", "east", "west"}
for i = 1, 40 do
  local day = os.date("!%Y-%m-%d", 1704067200 + (i % 10) * 86400)
  f:write(string.format("%s,%s,%.2f\n", day, regions[i % 4 + 1], (i * 37 % 100) + i / 4))
end
f:close()
local totals, byday, rows = {}, {}, 0
local header
for line in io.lines(path) do
  if not header then header = line
  else
    local date, region, amount = line:match("^([^,]+),([^,]+),([^,]+)$")
    amount = tonumber(amount)
    totals[region] = (totals[region] or 0) + amount
    byday[date] = (byday[date] or 0) + amount
    rows = rows + 1
  end
end
os.remove(path)
print(("%d rows; columns: %s"):format(rows, header:gsub(",", " | ")))
local names = {}
for r in pairs(totals) do names[#names + 1] = r end
table.sort(names)
for _, r in ipairs(names) do print(("%-6s %10.2f"):format(r, totals[r])) end
local days = {}
for d in pairs(byday) do days[#days + 1] = d end
table.sort(days)
print(days[1], days[#days], ("%.2f"):format(byday[days[1]]))
local t = os.time({year = 2024, month = 1, day = 1, hour = 0})
print(os.date("!%A", 1704067200), math.type(t))
