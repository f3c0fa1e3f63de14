print("before")
os.exit(true)
print("never")
