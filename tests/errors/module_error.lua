print("before")
require("modules.failing")
