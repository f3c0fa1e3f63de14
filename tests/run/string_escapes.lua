print("a\a\b\f\v" == "a\7\8\12\11", "\x41\x42", "\u{48}\u{49}", "\u{20AC}", #"\u{10FFFF}", #"\u{7FFFFFFF}")
print("\0" == "\x00", #"a\0b", ("a\0b"):byte(2), "\255" == "\xff")
print('\'', "\"", "\\", "line1\nline2")
print("x\z
       y")
local s = "tab\there"
print(s, #s)
print([[
first newline skipped]], [==[
]]]==])
print(#[[

]])
