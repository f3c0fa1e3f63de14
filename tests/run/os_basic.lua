print(type(os.time()), type(os.clock()), os.getenv("FLUA_SURELY_UNSET_VARIABLE"))
print(os.getenv("HOME") ~= nil)
os.exit(3)
