io.write("buffered output is flushed")
os.exit(false)
