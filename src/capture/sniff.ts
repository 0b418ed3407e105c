// Which reader an input needs, from its first bytes.
import { isPcapMagic } from './pcap-file.js';
import { isPcapngMagic } from './pcapng-file.js';

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function binaryCaptureFormat(head: Buffer): 'pcap' | 'pcapng' | undefined {
  if (isPcapMagic(head)) return 'pcap';
  if (isPcapngMagic(head)) return 'pcapng';
  return undefined;
}

/** Other formats we recognise only to name them in the diagnostic; `capture`: editcap converts it. */
const FOREIGN: { magic: string; name: string; capture: boolean }[] = [
  { magic: 'GMBU', name: 'Microsoft Network Monitor 2', capture: true },
  { magic: 'RTSS', name: 'Microsoft Network Monitor 1', capture: true },
  { magic: 'snoop\0\0\0', name: 'Sun snoop', capture: true },
  { magic: 'XCP\0', name: 'NetXRay / Windows Sniffer', capture: true },
  { magic: '\x7fELF', name: 'ELF executable', capture: false },
  { magic: 'PK\x03\x04', name: 'ZIP archive', capture: false },
];

export function foreignFormat(head: Buffer): { name: string; capture: boolean } | undefined {
  for (const f of FOREIGN) {
    if (head.length >= f.magic.length && head.toString('latin1', 0, f.magic.length) === f.magic) return f;
  }
  return undefined;
}
