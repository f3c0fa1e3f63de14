print(print < print)
