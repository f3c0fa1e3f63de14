print(collectgarbage("collect"), collectgarbage(), type(collectgarbage("count")), collectgarbage("isrunning"))
print(collectgarbage("incremental"), collectgarbage("generational"), collectgarbage("incremental"))
print(pcall(collectgarbage, "bogus"))
