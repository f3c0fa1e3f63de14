undefined_function(1, 2)
