-- A module generated in pieces (tests/run/modules/pieces_mod.lua) returns its table.
local m = require('modules.pieces_mod')
print(m.count(), m.k0, m.k150, m.k299, m.k300, m.other)
print(require('modules.pieces_mod') == m)
