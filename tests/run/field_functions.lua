-- Calls of `o.name()` and `o:name()` are direct when the field still holds the function of
-- the one `function a.name()` statement: any other value must be called as itself.
local Account = {}
Account.__index = Account
function Account.new(balance) return setmetatable({ balance = balance }, Account) end
function Account:deposit(v) self.balance = self.balance + v return self end
function Account:get() return self.balance end
local acc = Account.new(10)
print(acc:deposit(5):get(), Account.get(acc))

-- the method replaced on the class, on one object, and through rawset
Account.deposit = function(self, v) self.balance = self.balance + 2 * v return self end
print(acc:deposit(1):get())
local other = Account.new(0)
other.get = function() return "own get" end
print(other:get(), acc:get())
rawset(Account, "get", function() return "rawset get" end)
print(acc:get())

-- a different table with a field of the same name
local Fake = { new = function(x) return { fake = x } end, get = 42 }
print(Fake.new(3).fake)
print(pcall(function() return Fake:get() end))

-- a callable table under the name
Account.new = setmetatable({}, { __call = function(_, b) return "called with " .. b end })
print(Account.new(7))

-- nil under the name: the usual error
local Empty = {}
print(pcall(function() return Empty.new(1) end))
print(pcall(function() return Empty:get() end))
