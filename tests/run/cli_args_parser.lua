-- args: --verbose -n 3 --name=flua input.txt -- --not-an-option
-- A getopt-style argument parser, as CLI utilities written in Lua carry.
local function parse(argv)
  local opts, positional, i = {}, {}, 1
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      for j = i + 1, #argv do positional[#positional + 1] = argv[j] end
      break
    end
    local long, value = a:match("^%-%-([%w-]+)=(.*)$")
    if long then opts[long] = value
    elseif a:match("^%-%-") then opts[a:sub(3)] = true
    elseif a:match("^%-%a$") then opts[a:sub(2)] = argv[i + 1]; i = i + 1
    else positional[#positional + 1] = a end
    i = i + 1
  end
  return opts, positional
end
local opts, files = parse(arg)
local keys = {}
for k in pairs(opts) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print("option", k, tostring(opts[k])) end
for i, f in ipairs(files) do print("file", i, f) end
local n = tonumber(opts.n) or 1
for i = 1, n do io.write(("%s#%d "):format(opts.name or "?", i)) end
print()
