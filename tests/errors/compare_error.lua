print({} < 1)
