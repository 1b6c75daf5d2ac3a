// Writes raw .tar.gz archives byte by byte, so tests can build the hostile archives (`..` paths,
// absolute paths, escaping links) that well-behaved tar writers refuse to produce.
import { gzipSync } from 'node:zlib';

export interface RawEntry {
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: string;
  linkpath?: string;
}

function header(entry: RawEntry, size: number): Buffer {
  const block = Buffer.alloc(512, 0);
  const write = (text: string, offset: number, length: number) => block.write(text, offset, length, 'utf8');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  write(entry.path, 0, 100);
  write(octal(entry.type === 'dir' ? 0o755 : 0o644, 8), 100, 8);
  write(octal(0, 8), 108, 8);
  write(octal(0, 8), 116, 8);
  write(octal(size, 12), 124, 12);
  write(octal(1_700_000_000, 12), 136, 12);
  write('        ', 148, 8);
  write({ file: '0', dir: '5', symlink: '2', hardlink: '1' }[entry.type], 156, 1);
  if (entry.linkpath) write(entry.linkpath, 157, 100);
  write('ustar\0', 257, 6);
  write('00', 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return block;
}

export function tarGz(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.type === 'file' ? (entry.content ?? '') : '', 'utf8');
    parts.push(header(entry, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(parts));
}
