local s = "hello"
print(#s, s:upper(), s:len(), ("x"):rep(3), s:sub(2, 3), s:sub(-3), s:sub(0), s:sub(10), s:byte(1), s:byte(-1))
print(string.char(72, 105), string.rep("ab", 3, ","), string.reverse("abc"), ("%d-%s"):format(5, "x"))
print(s .. " " .. "world", 1 .. 2, 1.5 .. "", -0.0 .. "", 2^63 .. "")
print("tab\tnew\\line", 'single "q"', "\65\066\x43\u{44}", "\z
      continued", #"\0abc")
print([[long
string]], [==[with ]] inside]==])
print(string.byte("abc", 1, 3), string.byte("abc", 2, 10))
print(("abc"):upper():lower(), string.len(""), #"\u{7FF}")
