-- args: alpha beta
-- A main chunk long enough to be generated in pieces (src/codegen/pieces.rs): top-level
-- locals read and assigned pieces after their declaration, captured locals shared by
-- closures and pieces, varargs in a later piece, a <const>, and a return from a nested
-- block of the last piece.
local n, total = select('#', ...), 0
local log = {}
local function note(s) log[#log + 1] = s end
local counter = 0
local function bump(k) counter = counter + k; return counter end
local acc = {sum = 0}
function acc:add(i) self.sum = self.sum + i end
local fl = 0.5
local s = ''
local const <const> = 7
acc:add(0)
local v0 = bump(0) + const
total = total + v0
fl = fl * 1.5 + 0
s = s .. '0'
note('step 0: ' .. counter)
acc:add(1)
acc:add(2)
acc:add(3)
acc:add(4)
acc:add(5)
acc:add(6)
acc:add(7)
acc:add(8)
acc:add(9)
acc:add(10)
local v10 = bump(10) + const
total = total + v10
acc:add(11)
acc:add(12)
acc:add(13)
acc:add(14)
acc:add(15)
acc:add(16)
acc:add(17)
fl = fl * 1.5 + 17
s = s .. '7'
acc:add(18)
acc:add(19)
acc:add(20)
local v20 = bump(20) + const
total = total + v20
acc:add(21)
acc:add(22)
acc:add(23)
acc:add(24)
acc:add(25)
note('step 25: ' .. counter)
acc:add(26)
acc:add(27)
acc:add(28)
acc:add(29)
acc:add(30)
local v30 = bump(30) + const
total = total + v30
acc:add(31)
acc:add(32)
acc:add(33)
acc:add(34)
fl = fl * 1.5 + 34
s = s .. '4'
acc:add(35)
acc:add(36)
acc:add(37)
acc:add(38)
acc:add(39)
acc:add(40)
local v40 = bump(40) + const
total = total + v40
acc:add(41)
acc:add(42)
acc:add(43)
acc:add(44)
acc:add(45)
acc:add(46)
acc:add(47)
acc:add(48)
acc:add(49)
acc:add(50)
local v50 = bump(50) + const
total = total + v50
note('step 50: ' .. counter)
acc:add(51)
fl = fl * 1.5 + 51
s = s .. '1'
acc:add(52)
acc:add(53)
acc:add(54)
acc:add(55)
acc:add(56)
acc:add(57)
acc:add(58)
acc:add(59)
acc:add(60)
local v60 = bump(60) + const
total = total + v60
acc:add(61)
acc:add(62)
acc:add(63)
acc:add(64)
acc:add(65)
acc:add(66)
acc:add(67)
acc:add(68)
fl = fl * 1.5 + 68
s = s .. '8'
acc:add(69)
acc:add(70)
local v70 = bump(70) + const
total = total + v70
acc:add(71)
acc:add(72)
acc:add(73)
acc:add(74)
acc:add(75)
note('step 75: ' .. counter)
acc:add(76)
acc:add(77)
acc:add(78)
acc:add(79)
acc:add(80)
local v80 = bump(80) + const
total = total + v80
acc:add(81)
acc:add(82)
acc:add(83)
acc:add(84)
acc:add(85)
fl = fl * 1.5 + 85
s = s .. '5'
acc:add(86)
acc:add(87)
acc:add(88)
acc:add(89)
acc:add(90)
local v90 = bump(90) + const
total = total + v90
acc:add(91)
acc:add(92)
acc:add(93)
acc:add(94)
acc:add(95)
acc:add(96)
acc:add(97)
acc:add(98)
acc:add(99)
acc:add(100)
local v100 = bump(100) + const
total = total + v100
note('step 100: ' .. counter)
acc:add(101)
acc:add(102)
fl = fl * 1.5 + 102
s = s .. '2'
acc:add(103)
acc:add(104)
acc:add(105)
acc:add(106)
acc:add(107)
acc:add(108)
acc:add(109)
acc:add(110)
local v110 = bump(110) + const
total = total + v110
acc:add(111)
acc:add(112)
acc:add(113)
acc:add(114)
acc:add(115)
acc:add(116)
acc:add(117)
acc:add(118)
acc:add(119)
fl = fl * 1.5 + 119
s = s .. '9'
acc:add(120 % 7)
do local t = {} for j = 1, 6 do t[j] = j * v0 end total = total + #t + t[#t] end
local get120 = function() return counter + v0 + 120 end
bump(1)
note('closure 120: ' .. get120())
acc:add(121 % 7)
acc:add(122 % 7)
acc:add(123 % 7)
acc:add(124 % 7)
acc:add(125 % 7)
acc:add(126 % 7)
acc:add(127 % 7)
acc:add(128 % 7)
acc:add(129 % 7)
acc:add(130 % 7)
acc:add(131 % 7)
acc:add(132 % 7)
acc:add(133 % 7)
acc:add(134 % 7)
acc:add(135 % 7)
acc:add(136 % 7)
acc:add(137 % 7)
acc:add(138 % 7)
acc:add(139 % 7)
acc:add(140 % 7)
acc:add(141 % 7)
acc:add(142 % 7)
acc:add(143 % 7)
acc:add(144 % 7)
acc:add(145 % 7)
acc:add(146 % 7)
acc:add(147 % 7)
acc:add(148 % 7)
acc:add(149 % 7)
acc:add(150 % 7)
do local t = {} for j = 1, 10 do t[j] = j * v30 end total = total + #t + t[#t] end
acc:add(151 % 7)
acc:add(152 % 7)
acc:add(153 % 7)
acc:add(154 % 7)
acc:add(155 % 7)
acc:add(156 % 7)
acc:add(157 % 7)
acc:add(158 % 7)
acc:add(159 % 7)
acc:add(160 % 7)
local get160 = function() return counter + v0 + 160 end
bump(1)
note('closure 160: ' .. get160())
acc:add(161 % 7)
acc:add(162 % 7)
acc:add(163 % 7)
acc:add(164 % 7)
acc:add(165 % 7)
acc:add(166 % 7)
acc:add(167 % 7)
acc:add(168 % 7)
acc:add(169 % 7)
acc:add(170 % 7)
acc:add(171 % 7)
acc:add(172 % 7)
acc:add(173 % 7)
acc:add(174 % 7)
acc:add(175 % 7)
acc:add(176 % 7)
acc:add(177 % 7)
acc:add(178 % 7)
acc:add(179 % 7)
acc:add(180 % 7)
do local t = {} for j = 1, 14 do t[j] = j * v60 end total = total + #t + t[#t] end
acc:add(181 % 7)
acc:add(182 % 7)
acc:add(183 % 7)
acc:add(184 % 7)
acc:add(185 % 7)
acc:add(186 % 7)
acc:add(187 % 7)
acc:add(188 % 7)
acc:add(189 % 7)
acc:add(190 % 7)
acc:add(191 % 7)
acc:add(192 % 7)
acc:add(193 % 7)
acc:add(194 % 7)
acc:add(195 % 7)
acc:add(196 % 7)
acc:add(197 % 7)
acc:add(198 % 7)
acc:add(199 % 7)
acc:add(200 % 7)
local get200 = function() return counter + v0 + 200 end
bump(1)
note('closure 200: ' .. get200())
acc:add(201 % 7)
acc:add(202 % 7)
acc:add(203 % 7)
acc:add(204 % 7)
acc:add(205 % 7)
acc:add(206 % 7)
acc:add(207 % 7)
acc:add(208 % 7)
acc:add(209 % 7)
acc:add(210 % 7)
do local t = {} for j = 1, 5 do t[j] = j * v90 end total = total + #t + t[#t] end
acc:add(211 % 7)
acc:add(212 % 7)
acc:add(213 % 7)
acc:add(214 % 7)
acc:add(215 % 7)
acc:add(216 % 7)
acc:add(217 % 7)
acc:add(218 % 7)
acc:add(219 % 7)
acc:add(220 % 7)
acc:add(221 % 7)
acc:add(222 % 7)
acc:add(223 % 7)
acc:add(224 % 7)
acc:add(225 % 7)
acc:add(226 % 7)
acc:add(227 % 7)
acc:add(228 % 7)
acc:add(229 % 7)
acc:add(230 % 7)
acc:add(231 % 7)
acc:add(232 % 7)
acc:add(233 % 7)
acc:add(234 % 7)
acc:add(235 % 7)
acc:add(236 % 7)
acc:add(237 % 7)
acc:add(238 % 7)
acc:add(239 % 7)
counter = counter + 1000
note('after: ' .. get160() .. ' ' .. bump(0))
local m = select(2, 'a', ...) or 'none'
for i = 1, 3 do local x = i * fl; if x > 1e9 then print('big') end end
print(n, total, acc.sum, counter, fl, s, m, ...)
for _, line in ipairs(log) do print(line) end
if total > 0 then
  print('returning from a nested block')
  return
end
print('not reached')
