// IP address text as tshark shows it: dotted IPv4 (cached, addresses repeat) and RFC 5952 IPv6.

// Keyed by the address as a signed 32-bit integer: a small integer key hashes fast, where an
// unsigned value above 2^31 would be a heap number.
const v4Cache = new Map<number, string>();
const V4_CACHE_MAX = 1 << 20;

export function ipv4Text(addr: number): string {
  const key = addr | 0;
  let s = v4Cache.get(key);
  if (s === undefined) {
    s = formatIpv4(addr);
    if (v4Cache.size >= V4_CACHE_MAX) v4Cache.clear();
    v4Cache.set(key, s);
  }
  return s;
}

/** Dotted text of an IPv4 address, uncached (for callers that keep their own cache). */
export function formatIpv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 0xff}.${(addr >>> 8) & 0xff}.${addr & 0xff}`;
}

/** RFC 5952 text of the 16 bytes at `off`: lower-case hex, longest zero run (≥ 2 groups) as `::`. */
export function ipv6Text(buf: Buffer, off: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(buf.readUInt16BE(off + i * 2));
  // IPv4-mapped ::ffff:a.b.c.d
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `::ffff:${buf[off + 12]}.${buf[off + 13]}.${buf[off + 14]}.${buf[off + 15]}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
