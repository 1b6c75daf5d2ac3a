// The TCP and UDP sockets one process holds, read from /proc (what `ss -tunp` shows for that
// pid): the socket inodes of /proc/<pid>/fd matched against /proc/<pid>/net/{tcp,tcp6,udp,udp6}.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { isLoopbackIp } from './egress-policy.js';

export interface ProcessSocket {
  protocol: 'tcp' | 'tcp6' | 'udp' | 'udp6';
  local: { ip: string; port: number };
  remote: { ip: string; port: number };
  /** TCP state name (ESTABLISHED, SYN_SENT, LISTEN, …); UDP sockets show CLOSE or ESTABLISHED. */
  state: string;
}

const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED',
  '02': 'SYN_SENT',
  '03': 'SYN_RECV',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0A': 'LISTEN',
  '0B': 'CLOSING',
};

/** `0100007F:1F90` → 127.0.0.1:8080; IPv6 is four little-endian 32-bit words. */
export function parseProcAddress(text: string): { ip: string; port: number } {
  const [hexIp, hexPort] = text.split(':') as [string, string];
  const words = hexIp.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  let ip: string;
  if (bytes.length === 4) ip = bytes.join('.');
  else {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
    ip = new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
  }
  return { ip, port: parseInt(hexPort, 16) };
}

/** Sockets of `pid`; a process that is gone has none. */
export function socketsOf(pid: number): ProcessSocket[] {
  const inodes = new Set<string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const sockets: ProcessSocket[] = [];
  for (const protocol of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
    let table: string;
    try {
      table = readFileSync(`/proc/${pid}/net/${protocol}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || !inodes.has(fields[9]!)) continue;
      sockets.push({
        protocol,
        local: parseProcAddress(fields[1]!),
        remote: parseProcAddress(fields[2]!),
        state: TCP_STATES[fields[3]!] ?? fields[3]!,
      });
    }
  }
  return sockets;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/** A socket bound to or talking to anything but loopback (a listener's unset peer is fine). */
export function leavesLoopback(socket: ProcessSocket): boolean {
  const local = socket.local.ip.replace(/^::ffff:/, '');
  const remote = socket.remote.ip.replace(/^::ffff:/, '');
  if (!isLoopbackIp(local)) return true;
  return !(isLoopbackIp(remote) || (UNSPECIFIED.has(remote) && socket.remote.port === 0));
}

export function formatSocket(socket: ProcessSocket): string {
  const at = ({ ip, port }: { ip: string; port: number }): string =>
    ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  return `${socket.protocol} ${socket.state} ${at(socket.local)} -> ${at(socket.remote)}`;
}
