// Fields that text logs print in their block headers: wall-clock timestamps and ip:port pairs.
import type { Endpoint } from '../types.js';

const NS_PER_MS = 1_000_000n;

/**
 * `YYYY?MM?DD` + `HH:MM:SS[.fraction]` (separators as the tool prints them) to nanoseconds since
 * the epoch. Logs print local wall-clock time without a zone; we read it as UTC, which is what the
 * corpus logs (written on a UTC machine) compare equal to in their pcaps.
 */
export function parseLogTime(date: string, time: string): bigint | null {
  if (date.length !== 10 || time.length < 8) return null;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const hour = Number(time.slice(0, 2));
  const minute = Number(time.slice(3, 5));
  const second = Number(time.slice(6, 8));
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return null;
  }
  let fractionNs = 0n;
  if (time.length > 8) {
    const fraction = time.slice(9);
    if (time[8] !== '.' || fraction.length === 0 || fraction.length > 9 || !/^\d+$/.test(fraction)) {
      return null;
    }
    fractionNs = BigInt(fraction.padEnd(9, '0'));
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return BigInt(ms) * NS_PER_MS + fractionNs;
}

/** `1.2.3.4:5060`, `[2001:db8::1]:5060` or `2001:db8::1:5060` (port after the last colon). */
export function parseEndpoint(text: string): Endpoint | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1) return undefined;
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  let ip = text.slice(0, colon);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip.length === 0) return undefined;
  return { ip, port };
}
