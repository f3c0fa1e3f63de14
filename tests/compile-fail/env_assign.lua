local print = print
_ENV = {x = 1}
print(x)
