local greeting = require "modules.greeting"
local util = require("modules.util")
print(greeting.hello("world"), util.greet("again"))
print(util.sum(1, 2, 3), util.loaded_as, util.path)
print(require("modules.greeting") == greeting, package.loaded["modules.greeting"] == greeting)
print(select('#', require("modules.greeting")))
print(require("modules.noreturn"), require("modules.noreturn"), side_effect)
local ok, e = pcall(require, "no.such.module")
print(ok, (e:match("^[^\n]*")))
package.preload["virtual"] = function(name, data) return {name = name, data = data} end
local v = require("virtual")
print(v.name, v.data, select(2, require("virtual")))
print(type(package.path), package.loaded.string == string, package.loaded._G == _G)
