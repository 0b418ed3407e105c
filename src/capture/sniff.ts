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

/** Other capture formats we recognise only to name them in the diagnostic. */
const FOREIGN: { magic: string; name: string }[] = [
  { magic: 'GMBU', name: 'Microsoft Network Monitor 2' },
  { magic: 'RTSS', name: 'Microsoft Network Monitor 1' },
  { magic: 'snoop\0\0\0', name: 'Sun snoop' },
  { magic: 'XCP\0', name: 'NetXRay / Windows Sniffer' },
  { magic: '\x7fELF', name: 'an ELF executable' },
  { magic: 'PK\x03\x04', name: 'a ZIP archive' },
];

export function foreignFormatName(head: Buffer): string | undefined {
  for (const f of FOREIGN) {
    if (head.length >= f.magic.length && head.toString('latin1', 0, f.magic.length) === f.magic) return f.name;
  }
  return undefined;
}
