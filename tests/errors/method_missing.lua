local obj = {}
obj:run()
