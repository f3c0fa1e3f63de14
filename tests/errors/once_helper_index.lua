-- An error in a helper called only from code that runs once (its fields go through the
-- runtime) names the variable as everywhere else.
local function load_config(path)
  local cfg
  if path == "default.cfg" then cfg = {name = "default"} end
  return cfg.name
end

local function main(args)
  print("loading", args[1])
  print(load_config(args[1]))
end

main({"missing.cfg"})
