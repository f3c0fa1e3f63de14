local ok, e = pcall(error, "inner")
print(ok, e)
error("outer: " .. e, 0)
