local s = std.repeat(' \t', 255) + 'payload' + std.repeat('\n ', 255);
std.foldl(function(acc, i) acc + std.length(std.stripChars(s, ' \t\n')) + std.length(std.lstripChars(s, ' \t')) + std.length(std.rstripChars(s, '\n ')), std.range(1, 2000), 0)
