-- Human-readable sizes.
local M = {}

function M.bytes(n)
  local units = {"B", "KB", "MB", "GB"}
  local i = 1
  while n >= 1024 and i < #units do n = n / 1024; i = i + 1 end
  if i == 1 then return string.format("%d %s", n, units[i]) end
  return string.format("%.1f %s", n, units[i])
end

return M
