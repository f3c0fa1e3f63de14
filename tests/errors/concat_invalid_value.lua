print(table.concat({1, {}, 3}, ","))
