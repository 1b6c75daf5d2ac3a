std.length(std.join('', ['%d %s %05.2f %x|' % [j, 'v' + j, j / 7, j] for j in std.range(1, 20000)]))
