// Fields that text logs print in their block headers: wall-clock timestamps and ip:port pairs.
import type { Endpoint } from '../types.js';

const NS_PER_MS = 1_000_000n;

/** Two ASCII digits at `i` as a number, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

// Every entry of a log carries the same few dates: remember the last one's midnight.
let cachedDate = '';
let cachedMidnightMs = 0;

function midnightMs(date: string): number | null {
  if (date === cachedDate) return cachedMidnightMs;
  if (date.length !== 10) return null;
  const century = twoDigits(date, 0);
  const yy = twoDigits(date, 2);
  const month = twoDigits(date, 5);
  const day = twoDigits(date, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  cachedDate = date;
  cachedMidnightMs = Date.UTC(century * 100 + yy, month - 1, day);
  return cachedMidnightMs;
}

/**
 * `YYYY?MM?DD` + `HH:MM:SS[.fraction]` (separators as the tool prints them) to nanoseconds since
 * the epoch. Logs print local wall-clock time without a zone; we read it as UTC, which is what the
 * corpus logs (written on a UTC machine) compare equal to in their pcaps.
 */
export function parseLogTime(date: string, time: string): bigint | null {
  const midnight = midnightMs(date);
  if (midnight === null || time.length < 8 || time.length > 18) return null;
  const hour = twoDigits(time, 0);
  const minute = twoDigits(time, 3);
  const second = twoDigits(time, 6);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  let fraction = 0;
  if (time.length > 8) {
    if (time.charCodeAt(8) !== 0x2e || time.length === 9) return null;
    for (let i = 9; i < 18; i++) {
      const d = i < time.length ? time.charCodeAt(i) - 48 : 0;
      if (d < 0 || d > 9) return null;
      fraction = fraction * 10 + d;
    }
  }
  const ms = midnight + ((hour * 60 + minute) * 60 + second) * 1000;
  return BigInt(ms) * NS_PER_MS + BigInt(fraction);
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
