std.length(std.foldl(function(acc, i) acc + 'aaaaa', std.range(1, 20000), ''))
