-- args: p q
-- Long if/elseif chains in code that runs once hand their tail to a piece
-- (src/codegen/pieces.rs, chain_tail_in_piece): locals assigned in the tail are written
-- back, captured ones share their box, returns of several values and tail calls leave
-- from the tail, varargs and upvalues are read there, and an error keeps its line.
local up = 100
local function pair(a, b) return a, b end
local function classify(n, ...)
  local seen, label = 0, 'none'
  local log = function(s) label = s end
  if n == 0 then seen = 1
  elseif n == 1 then return pair(n * 2, up + 1)
  elseif n == 2 then log('logged' .. 2); seen = select('#', ...)
  elseif n == 3 then up = up + 1; return up
  elseif n == 4 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 5 then seen = 5; label = 'five' .. 5
  elseif n == 6 then return pair(n * 2, up + 6)
  elseif n == 7 then log('logged' .. 7); seen = select('#', ...)
  elseif n == 8 then up = up + 1; return up
  elseif n == 9 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 10 then seen = 10; label = 'five' .. 10
  elseif n == 11 then return pair(n * 2, up + 11)
  elseif n == 12 then log('logged' .. 12); seen = select('#', ...)
  elseif n == 13 then up = up + 1; return up
  elseif n == 14 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 15 then seen = 15; label = 'five' .. 15
  elseif n == 16 then return pair(n * 2, up + 16)
  elseif n == 17 then log('logged' .. 17); seen = select('#', ...)
  elseif n == 18 then up = up + 1; return up
  elseif n == 19 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 20 then seen = 20; label = 'five' .. 20
  elseif n == 21 then return pair(n * 2, up + 21)
  elseif n == 22 then log('logged' .. 22); seen = select('#', ...)
  elseif n == 23 then up = up + 1; return up
  elseif n == 24 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 25 then seen = 25; label = 'five' .. 25
  elseif n == 26 then return pair(n * 2, up + 26)
  elseif n == 27 then log('logged' .. 27); seen = select('#', ...)
  elseif n == 28 then up = up + 1; return up
  elseif n == 29 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 30 then seen = 30; label = 'five' .. 30
  elseif n == 31 then return pair(n * 2, up + 31)
  elseif n == 32 then log('logged' .. 32); seen = select('#', ...)
  elseif n == 33 then up = up + 1; return up
  elseif n == 34 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 35 then seen = 35; label = 'five' .. 35
  elseif n == 36 then return pair(n * 2, up + 36)
  elseif n == 37 then log('logged' .. 37); seen = select('#', ...)
  elseif n == 38 then up = up + 1; return up
  elseif n == 39 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 40 then seen = 40; label = 'five' .. 40
  elseif n == 41 then return pair(n * 2, up + 41)
  elseif n == 42 then log('logged' .. 42); seen = select('#', ...)
  elseif n == 43 then up = up + 1; return up
  elseif n == 44 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 45 then seen = 45; label = 'five' .. 45
  elseif n == 46 then return pair(n * 2, up + 46)
  elseif n == 47 then log('logged' .. 47); seen = select('#', ...)
  elseif n == 48 then up = up + 1; return up
  elseif n == 49 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 50 then seen = 50; label = 'five' .. 50
  elseif n == 51 then return pair(n * 2, up + 51)
  elseif n == 52 then log('logged' .. 52); seen = select('#', ...)
  elseif n == 53 then up = up + 1; return up
  elseif n == 54 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 55 then seen = 55; label = 'five' .. 55
  elseif n == 56 then return pair(n * 2, up + 56)
  elseif n == 57 then log('logged' .. 57); seen = select('#', ...)
  elseif n == 58 then up = up + 1; return up
  elseif n == 59 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 60 then seen = 60; label = 'five' .. 60
  elseif n == 61 then return pair(n * 2, up + 61)
  elseif n == 62 then log('logged' .. 62); seen = select('#', ...)
  elseif n == 63 then up = up + 1; return up
  elseif n == 64 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 65 then seen = 65; label = 'five' .. 65
  elseif n == 66 then return pair(n * 2, up + 66)
  elseif n == 67 then log('logged' .. 67); seen = select('#', ...)
  elseif n == 68 then up = up + 1; return up
  elseif n == 69 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 70 then seen = 70; label = 'five' .. 70
  elseif n == 71 then return pair(n * 2, up + 71)
  elseif n == 72 then log('logged' .. 72); seen = select('#', ...)
  elseif n == 73 then up = up + 1; return up
  elseif n == 74 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 75 then seen = 75; label = 'five' .. 75
  elseif n == 76 then return pair(n * 2, up + 76)
  elseif n == 77 then log('logged' .. 77); seen = select('#', ...)
  elseif n == 78 then up = up + 1; return up
  elseif n == 79 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 80 then seen = 80; label = 'five' .. 80
  elseif n == 81 then return pair(n * 2, up + 81)
  elseif n == 82 then log('logged' .. 82); seen = select('#', ...)
  elseif n == 83 then up = up + 1; return up
  elseif n == 84 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 85 then seen = 85; label = 'five' .. 85
  elseif n == 86 then return pair(n * 2, up + 86)
  elseif n == 87 then log('logged' .. 87); seen = select('#', ...)
  elseif n == 88 then up = up + 1; return up
  elseif n == 89 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 90 then seen = 90; label = 'five' .. 90
  elseif n == 91 then return pair(n * 2, up + 91)
  elseif n == 92 then log('logged' .. 92); seen = select('#', ...)
  elseif n == 93 then up = up + 1; return up
  elseif n == 94 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 95 then seen = 95; label = 'five' .. 95
  elseif n == 96 then return pair(n * 2, up + 96)
  elseif n == 97 then log('logged' .. 97); seen = select('#', ...)
  elseif n == 98 then up = up + 1; return up
  elseif n == 99 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 100 then seen = 100; label = 'five' .. 100
  elseif n == 101 then return pair(n * 2, up + 101)
  elseif n == 102 then log('logged' .. 102); seen = select('#', ...)
  elseif n == 103 then up = up + 1; return up
  elseif n == 104 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 105 then seen = 105; label = 'five' .. 105
  elseif n == 106 then return pair(n * 2, up + 106)
  elseif n == 107 then log('logged' .. 107); seen = select('#', ...)
  elseif n == 108 then up = up + 1; return up
  elseif n == 109 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 110 then seen = 110; label = 'five' .. 110
  elseif n == 111 then return pair(n * 2, up + 111)
  elseif n == 112 then log('logged' .. 112); seen = select('#', ...)
  elseif n == 113 then up = up + 1; return up
  elseif n == 114 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 115 then seen = 115; label = 'five' .. 115
  elseif n == 116 then return pair(n * 2, up + 116)
  elseif n == 117 then log('logged' .. 117); seen = select('#', ...)
  elseif n == 118 then up = up + 1; return up
  elseif n == 119 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 120 then seen = 120; label = 'five' .. 120
  elseif n == 121 then return pair(n * 2, up + 121)
  elseif n == 122 then log('logged' .. 122); seen = select('#', ...)
  elseif n == 123 then up = up + 1; return up
  elseif n == 124 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 125 then seen = 125; label = 'five' .. 125
  elseif n == 126 then return pair(n * 2, up + 126)
  elseif n == 127 then log('logged' .. 127); seen = select('#', ...)
  elseif n == 128 then up = up + 1; return up
  elseif n == 129 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 130 then seen = 130; label = 'five' .. 130
  elseif n == 131 then return pair(n * 2, up + 131)
  elseif n == 132 then log('logged' .. 132); seen = select('#', ...)
  elseif n == 133 then up = up + 1; return up
  elseif n == 134 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 135 then seen = 135; label = 'five' .. 135
  elseif n == 136 then return pair(n * 2, up + 136)
  elseif n == 137 then log('logged' .. 137); seen = select('#', ...)
  elseif n == 138 then up = up + 1; return up
  elseif n == 139 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 140 then seen = 140; label = 'five' .. 140
  elseif n == 141 then return pair(n * 2, up + 141)
  elseif n == 142 then log('logged' .. 142); seen = select('#', ...)
  elseif n == 143 then up = up + 1; return up
  elseif n == 144 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 145 then seen = 145; label = 'five' .. 145
  elseif n == 146 then return pair(n * 2, up + 146)
  elseif n == 147 then log('logged' .. 147); seen = select('#', ...)
  elseif n == 148 then up = up + 1; return up
  elseif n == 149 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 150 then seen = 150; label = 'five' .. 150
  elseif n == 151 then return pair(n * 2, up + 151)
  elseif n == 152 then log('logged' .. 152); seen = select('#', ...)
  elseif n == 153 then up = up + 1; return up
  elseif n == 154 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 155 then seen = 155; label = 'five' .. 155
  elseif n == 156 then return pair(n * 2, up + 156)
  elseif n == 157 then log('logged' .. 157); seen = select('#', ...)
  elseif n == 158 then up = up + 1; return up
  elseif n == 159 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 160 then seen = 160; label = 'five' .. 160
  elseif n == 161 then return pair(n * 2, up + 161)
  elseif n == 162 then log('logged' .. 162); seen = select('#', ...)
  elseif n == 163 then up = up + 1; return up
  elseif n == 164 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 165 then seen = 165; label = 'five' .. 165
  elseif n == 166 then return pair(n * 2, up + 166)
  elseif n == 167 then log('logged' .. 167); seen = select('#', ...)
  elseif n == 168 then up = up + 1; return up
  elseif n == 169 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 170 then seen = 170; label = 'five' .. 170
  elseif n == 171 then return pair(n * 2, up + 171)
  elseif n == 172 then log('logged' .. 172); seen = select('#', ...)
  elseif n == 173 then up = up + 1; return up
  elseif n == 174 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 175 then seen = 175; label = 'five' .. 175
  elseif n == 176 then return pair(n * 2, up + 176)
  elseif n == 177 then log('logged' .. 177); seen = select('#', ...)
  elseif n == 178 then up = up + 1; return up
  elseif n == 179 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 180 then seen = 180; label = 'five' .. 180
  elseif n == 181 then return pair(n * 2, up + 181)
  elseif n == 182 then log('logged' .. 182); seen = select('#', ...)
  elseif n == 183 then up = up + 1; return up
  elseif n == 184 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 185 then seen = 185; label = 'five' .. 185
  elseif n == 186 then return pair(n * 2, up + 186)
  elseif n == 187 then log('logged' .. 187); seen = select('#', ...)
  elseif n == 188 then up = up + 1; return up
  elseif n == 189 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 190 then seen = 190; label = 'five' .. 190
  elseif n == 191 then return pair(n * 2, up + 191)
  elseif n == 192 then log('logged' .. 192); seen = select('#', ...)
  elseif n == 193 then up = up + 1; return up
  elseif n == 194 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 195 then seen = 195; label = 'five' .. 195
  elseif n == 196 then return pair(n * 2, up + 196)
  elseif n == 197 then log('logged' .. 197); seen = select('#', ...)
  elseif n == 198 then up = up + 1; return up
  elseif n == 199 then local t = {} t.x = n .. (...) seen = t.x
  elseif n == 'boom' then return nil + up
  else seen = -1
  end
  return seen, label, up
end
for _, n in ipairs({0, 1, 3, 5, 150, 151, 152, 153, 154, 198, 199, 500}) do print(n, classify(n, 'va', 'vb')) end
print(pcall(classify, 'boom'))
print(up)
-- a chain in a loop stays whole; a chain with a goto in its tail too
local hits = 0
for i = 1, 3 do
  if i == -1 then hits = hits + 100
  elseif i == -2 then hits = hits + 2
  elseif i == -3 then hits = hits + 3
  elseif i == -4 then hits = hits + 4
  elseif i == -5 then hits = hits + 5
  elseif i == -6 then hits = hits + 6
  elseif i == -7 then hits = hits + 7
  elseif i == -8 then hits = hits + 8
  elseif i == -9 then hits = hits + 9
  elseif i == -10 then hits = hits + 10
  elseif i == -11 then hits = hits + 11
  elseif i == -12 then hits = hits + 12
  elseif i == -13 then hits = hits + 13
  elseif i == -14 then hits = hits + 14
  elseif i == -15 then hits = hits + 15
  elseif i == -16 then hits = hits + 16
  elseif i == -17 then hits = hits + 17
  elseif i == -18 then hits = hits + 18
  elseif i == -19 then hits = hits + 19
  elseif i == -20 then hits = hits + 20
  elseif i == -21 then hits = hits + 21
  elseif i == -22 then hits = hits + 22
  elseif i == -23 then hits = hits + 23
  elseif i == -24 then hits = hits + 24
  elseif i == -25 then hits = hits + 25
  elseif i == -26 then hits = hits + 26
  elseif i == -27 then hits = hits + 27
  elseif i == -28 then hits = hits + 28
  elseif i == -29 then hits = hits + 29
  elseif i == -30 then hits = hits + 30
  elseif i == -31 then hits = hits + 31
  elseif i == -32 then hits = hits + 32
  elseif i == -33 then hits = hits + 33
  elseif i == -34 then hits = hits + 34
  elseif i == -35 then hits = hits + 35
  elseif i == -36 then hits = hits + 36
  elseif i == -37 then hits = hits + 37
  elseif i == -38 then hits = hits + 38
  elseif i == -39 then hits = hits + 39
  elseif i == -40 then hits = hits + 40
  elseif i == -41 then hits = hits + 41
  elseif i == -42 then hits = hits + 42
  elseif i == -43 then hits = hits + 43
  elseif i == -44 then hits = hits + 44
  elseif i == -45 then hits = hits + 45
  elseif i == -46 then hits = hits + 46
  elseif i == -47 then hits = hits + 47
  elseif i == -48 then hits = hits + 48
  elseif i == -49 then hits = hits + 49
  elseif i == -50 then hits = hits + 50
  elseif i == -51 then hits = hits + 51
  elseif i == -52 then hits = hits + 52
  elseif i == -53 then hits = hits + 53
  elseif i == -54 then hits = hits + 54
  elseif i == -55 then hits = hits + 55
  elseif i == -56 then hits = hits + 56
  elseif i == -57 then hits = hits + 57
  elseif i == -58 then hits = hits + 58
  elseif i == -59 then hits = hits + 59
  elseif i == -60 then hits = hits + 60
  elseif i == -61 then hits = hits + 61
  elseif i == -62 then hits = hits + 62
  elseif i == -63 then hits = hits + 63
  elseif i == -64 then hits = hits + 64
  elseif i == -65 then hits = hits + 65
  elseif i == -66 then hits = hits + 66
  elseif i == -67 then hits = hits + 67
  elseif i == -68 then hits = hits + 68
  elseif i == -69 then hits = hits + 69
  elseif i == -70 then hits = hits + 70
  elseif i == -71 then hits = hits + 71
  elseif i == -72 then hits = hits + 72
  elseif i == -73 then hits = hits + 73
  elseif i == -74 then hits = hits + 74
  elseif i == -75 then hits = hits + 75
  elseif i == -76 then hits = hits + 76
  elseif i == -77 then hits = hits + 77
  elseif i == -78 then hits = hits + 78
  elseif i == -79 then hits = hits + 79
  elseif i == -80 then hits = hits + 80
  elseif i == -81 then hits = hits + 81
  elseif i == -82 then hits = hits + 82
  elseif i == -83 then hits = hits + 83
  elseif i == -84 then hits = hits + 84
  elseif i == -85 then hits = hits + 85
  elseif i == -86 then hits = hits + 86
  elseif i == -87 then hits = hits + 87
  elseif i == -88 then hits = hits + 88
  elseif i == -89 then hits = hits + 89
  elseif i == -90 then hits = hits + 90
  elseif i == -91 then hits = hits + 91
  elseif i == -92 then hits = hits + 92
  elseif i == -93 then hits = hits + 93
  elseif i == -94 then hits = hits + 94
  elseif i == -95 then hits = hits + 95
  elseif i == -96 then hits = hits + 96
  elseif i == -97 then hits = hits + 97
  elseif i == -98 then hits = hits + 98
  elseif i == -99 then hits = hits + 99
  elseif i == -100 then hits = hits + 100
  elseif i == -101 then hits = hits + 101
  elseif i == -102 then hits = hits + 102
  elseif i == -103 then hits = hits + 103
  elseif i == -104 then hits = hits + 104
  elseif i == -105 then hits = hits + 105
  elseif i == -106 then hits = hits + 106
  elseif i == -107 then hits = hits + 107
  elseif i == -108 then hits = hits + 108
  elseif i == -109 then hits = hits + 109
  elseif i == -110 then hits = hits + 110
  elseif i == -111 then hits = hits + 111
  elseif i == -112 then hits = hits + 112
  elseif i == -113 then hits = hits + 113
  elseif i == -114 then hits = hits + 114
  elseif i == -115 then hits = hits + 115
  elseif i == -116 then hits = hits + 116
  elseif i == -117 then hits = hits + 117
  elseif i == -118 then hits = hits + 118
  elseif i == -119 then hits = hits + 119
  else hits = hits + i end
end
print(hits)
local function jumpy(n)
  if n == 0 then return 'zero'
  elseif n == 1 then do goto out1 end ::out1:: return 'n1'
  elseif n == 2 then do goto out2 end ::out2:: return 'n2'
  elseif n == 3 then do goto out3 end ::out3:: return 'n3'
  elseif n == 4 then do goto out4 end ::out4:: return 'n4'
  elseif n == 5 then do goto out5 end ::out5:: return 'n5'
  elseif n == 6 then do goto out6 end ::out6:: return 'n6'
  elseif n == 7 then do goto out7 end ::out7:: return 'n7'
  elseif n == 8 then do goto out8 end ::out8:: return 'n8'
  elseif n == 9 then do goto out9 end ::out9:: return 'n9'
  elseif n == 10 then do goto out10 end ::out10:: return 'n10'
  elseif n == 11 then do goto out11 end ::out11:: return 'n11'
  elseif n == 12 then do goto out12 end ::out12:: return 'n12'
  elseif n == 13 then do goto out13 end ::out13:: return 'n13'
  elseif n == 14 then do goto out14 end ::out14:: return 'n14'
  elseif n == 15 then do goto out15 end ::out15:: return 'n15'
  elseif n == 16 then do goto out16 end ::out16:: return 'n16'
  elseif n == 17 then do goto out17 end ::out17:: return 'n17'
  elseif n == 18 then do goto out18 end ::out18:: return 'n18'
  elseif n == 19 then do goto out19 end ::out19:: return 'n19'
  elseif n == 20 then do goto out20 end ::out20:: return 'n20'
  elseif n == 21 then do goto out21 end ::out21:: return 'n21'
  elseif n == 22 then do goto out22 end ::out22:: return 'n22'
  elseif n == 23 then do goto out23 end ::out23:: return 'n23'
  elseif n == 24 then do goto out24 end ::out24:: return 'n24'
  elseif n == 25 then do goto out25 end ::out25:: return 'n25'
  elseif n == 26 then do goto out26 end ::out26:: return 'n26'
  elseif n == 27 then do goto out27 end ::out27:: return 'n27'
  elseif n == 28 then do goto out28 end ::out28:: return 'n28'
  elseif n == 29 then do goto out29 end ::out29:: return 'n29'
  elseif n == 30 then do goto out30 end ::out30:: return 'n30'
  elseif n == 31 then do goto out31 end ::out31:: return 'n31'
  elseif n == 32 then do goto out32 end ::out32:: return 'n32'
  elseif n == 33 then do goto out33 end ::out33:: return 'n33'
  elseif n == 34 then do goto out34 end ::out34:: return 'n34'
  elseif n == 35 then do goto out35 end ::out35:: return 'n35'
  elseif n == 36 then do goto out36 end ::out36:: return 'n36'
  elseif n == 37 then do goto out37 end ::out37:: return 'n37'
  elseif n == 38 then do goto out38 end ::out38:: return 'n38'
  elseif n == 39 then do goto out39 end ::out39:: return 'n39'
  elseif n == 40 then do goto out40 end ::out40:: return 'n40'
  elseif n == 41 then do goto out41 end ::out41:: return 'n41'
  elseif n == 42 then do goto out42 end ::out42:: return 'n42'
  elseif n == 43 then do goto out43 end ::out43:: return 'n43'
  elseif n == 44 then do goto out44 end ::out44:: return 'n44'
  elseif n == 45 then do goto out45 end ::out45:: return 'n45'
  elseif n == 46 then do goto out46 end ::out46:: return 'n46'
  elseif n == 47 then do goto out47 end ::out47:: return 'n47'
  elseif n == 48 then do goto out48 end ::out48:: return 'n48'
  elseif n == 49 then do goto out49 end ::out49:: return 'n49'
  elseif n == 50 then do goto out50 end ::out50:: return 'n50'
  elseif n == 51 then do goto out51 end ::out51:: return 'n51'
  elseif n == 52 then do goto out52 end ::out52:: return 'n52'
  elseif n == 53 then do goto out53 end ::out53:: return 'n53'
  elseif n == 54 then do goto out54 end ::out54:: return 'n54'
  elseif n == 55 then do goto out55 end ::out55:: return 'n55'
  elseif n == 56 then do goto out56 end ::out56:: return 'n56'
  elseif n == 57 then do goto out57 end ::out57:: return 'n57'
  elseif n == 58 then do goto out58 end ::out58:: return 'n58'
  elseif n == 59 then do goto out59 end ::out59:: return 'n59'
  elseif n == 60 then do goto out60 end ::out60:: return 'n60'
  elseif n == 61 then do goto out61 end ::out61:: return 'n61'
  elseif n == 62 then do goto out62 end ::out62:: return 'n62'
  elseif n == 63 then do goto out63 end ::out63:: return 'n63'
  elseif n == 64 then do goto out64 end ::out64:: return 'n64'
  elseif n == 65 then do goto out65 end ::out65:: return 'n65'
  elseif n == 66 then do goto out66 end ::out66:: return 'n66'
  elseif n == 67 then do goto out67 end ::out67:: return 'n67'
  elseif n == 68 then do goto out68 end ::out68:: return 'n68'
  elseif n == 69 then do goto out69 end ::out69:: return 'n69'
  elseif n == 70 then do goto out70 end ::out70:: return 'n70'
  elseif n == 71 then do goto out71 end ::out71:: return 'n71'
  elseif n == 72 then do goto out72 end ::out72:: return 'n72'
  elseif n == 73 then do goto out73 end ::out73:: return 'n73'
  elseif n == 74 then do goto out74 end ::out74:: return 'n74'
  elseif n == 75 then do goto out75 end ::out75:: return 'n75'
  elseif n == 76 then do goto out76 end ::out76:: return 'n76'
  elseif n == 77 then do goto out77 end ::out77:: return 'n77'
  elseif n == 78 then do goto out78 end ::out78:: return 'n78'
  elseif n == 79 then do goto out79 end ::out79:: return 'n79'
  elseif n == 80 then do goto out80 end ::out80:: return 'n80'
  elseif n == 81 then do goto out81 end ::out81:: return 'n81'
  elseif n == 82 then do goto out82 end ::out82:: return 'n82'
  elseif n == 83 then do goto out83 end ::out83:: return 'n83'
  elseif n == 84 then do goto out84 end ::out84:: return 'n84'
  elseif n == 85 then do goto out85 end ::out85:: return 'n85'
  elseif n == 86 then do goto out86 end ::out86:: return 'n86'
  elseif n == 87 then do goto out87 end ::out87:: return 'n87'
  elseif n == 88 then do goto out88 end ::out88:: return 'n88'
  elseif n == 89 then do goto out89 end ::out89:: return 'n89'
  elseif n == 90 then do goto out90 end ::out90:: return 'n90'
  elseif n == 91 then do goto out91 end ::out91:: return 'n91'
  elseif n == 92 then do goto out92 end ::out92:: return 'n92'
  elseif n == 93 then do goto out93 end ::out93:: return 'n93'
  elseif n == 94 then do goto out94 end ::out94:: return 'n94'
  elseif n == 95 then do goto out95 end ::out95:: return 'n95'
  elseif n == 96 then do goto out96 end ::out96:: return 'n96'
  elseif n == 97 then do goto out97 end ::out97:: return 'n97'
  elseif n == 98 then do goto out98 end ::out98:: return 'n98'
  elseif n == 99 then do goto out99 end ::out99:: return 'n99'
  elseif n == 100 then do goto out100 end ::out100:: return 'n100'
  elseif n == 101 then do goto out101 end ::out101:: return 'n101'
  elseif n == 102 then do goto out102 end ::out102:: return 'n102'
  elseif n == 103 then do goto out103 end ::out103:: return 'n103'
  elseif n == 104 then do goto out104 end ::out104:: return 'n104'
  elseif n == 105 then do goto out105 end ::out105:: return 'n105'
  elseif n == 106 then do goto out106 end ::out106:: return 'n106'
  elseif n == 107 then do goto out107 end ::out107:: return 'n107'
  elseif n == 108 then do goto out108 end ::out108:: return 'n108'
  elseif n == 109 then do goto out109 end ::out109:: return 'n109'
  end
  return 'other'
end
print(jumpy(0), jumpy(50), jumpy(109), jumpy(1000))
