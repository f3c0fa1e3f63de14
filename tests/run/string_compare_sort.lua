local words = {"banana", "Apple", "cherry", "apple", "Banana", "", "a", "ab", "b"}
table.sort(words)
print(table.concat(words, "|"))
print("a" < "b", "A" < "a", "abc" < "abcd", "" < " ", "a\0b" < "a\0c", "Z" == "Z")
print(("x"):rep(3) == "xxx", "10" < "2", 10 < 2)
local mixed = {3, 1.5, -2, 10, 0, 2^40, -0.5}
table.sort(mixed)
print(table.concat(mixed, " "))
table.sort(mixed, function(a, b) return a > b end)
print(mixed[1], mixed[#mixed])
