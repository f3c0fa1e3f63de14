assert(1 == 1)
assert(false, "assertion message")
