local cfg
print("before")
print(cfg.name)
