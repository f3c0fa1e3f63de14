-- Helpers called only from code that runs once take their field accesses, indexing and
-- calls through the runtime (speculate/hot.rs); they must behave as everywhere else.
local Point = {}
Point.__index = Point
Point.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Point) end
function Point:len2() return self.x * self.x + self.y * self.y end

local function new(x, y) return setmetatable({x = x, y = y}, Point) end

local function parse_args(args)
  local opts = {verbose = false, files = {}}
  for i = 1, #args do
    local a = args[i]
    if a == "-v" then opts.verbose = true else opts.files[#opts.files + 1] = a end
  end
  return opts
end

local function report(opts, p)
  local q = p + new(1, 1)
  print(opts.verbose, #opts.files, opts.files[1], opts.files[2], opts.missing)
  print(q.x, q.y, q:len2(), p.len2 == q.len2, rawget(q, "len2"))
  local t = {10, 20, 30, n = 3}
  t[2] = t[1] + t[3]
  print(t[2], t.n, #t, t[4], t["n"])
end

local function fail(cfg)
  return cfg.name
end

local function fail_upvalue()
  return parse_args.field
end

report(parse_args({"-v", "a.txt", "b.txt"}), new(2, 3))
print(pcall(fail, nil))
print(pcall(fail, {name = "ok"}))
print(pcall(fail_upvalue))
local function count(t)
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end
print(count(parse_args({"x"})), count({}))
print(select("#", parse_args({})))
