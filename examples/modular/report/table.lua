-- Renders rows as a text table with aligned columns.
local M = {}

function M.render(header, rows, cells)
  local lines, widths = {}, {}
  local all = {header}
  for _, r in ipairs(rows) do all[#all + 1] = cells(r) end
  for _, row in ipairs(all) do
    for i, cell in ipairs(row) do widths[i] = math.max(widths[i] or 0, #cell) end
  end
  for n, row in ipairs(all) do
    local out = {}
    for i, cell in ipairs(row) do out[i] = cell .. string.rep(" ", widths[i] - #cell) end
    lines[#lines + 1] = table.concat(out, "  ")
    if n == 1 then
      local rule = {}
      for i = 1, #widths do rule[i] = string.rep("-", widths[i]) end
      lines[#lines + 1] = table.concat(rule, "  ")
    end
  end
  return table.concat(lines, "\n")
end

return M
