// A small SDP reader (RFC 4566): origin, session attributes, and per media section the m= line
// and its a= attributes; enough to see `m=message ... TCP/MSRP` and `a=accept-types`.
import type { BodyPart, Sdp, SdpMedia } from './types.js';
import type { MessageReadContext } from './readers.js';
import { splitMultipart } from './body.js';

export function findSdp(ctx: MessageReadContext): Sdp | undefined {
  const part = findSdpPart(ctx.bodyParts(), ctx, 0);
  return part === undefined ? undefined : parseSdp(part.body);
}

function isSdp(part: BodyPart): boolean {
  return part.contentType?.type === 'application' && part.contentType.subtype === 'sdp';
}

/** Depth-first search, so an SDP inside a nested multipart (e.g. multipart/mixed in signed) counts. */
function findSdpPart(parts: BodyPart[], ctx: MessageReadContext, depth: number): BodyPart | undefined {
  for (const part of parts) {
    if (isSdp(part)) return part;
    if (part.contentType?.type === 'multipart' && depth < 4) {
      const inner = splitMultipart(part.body, 0, part.contentType, ctx.ref, []);
      const found = inner === undefined ? undefined : findSdpPart(inner, ctx, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function parseSdp(text: string): Sdp {
  const sdp: Sdp = { sessionAttributes: [], media: [] };
  let media: SdpMedia | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.length < 2 || line.charCodeAt(1) !== 0x3d /* = */) continue;
    const kind = line[0];
    const value = line.slice(2);
    if (kind === 'm') {
      const [name = '', port = '', proto = '', ...formats] = value.split(' ').filter((s) => s.length > 0);
      media = { media: name, port: Number.parseInt(port, 10), proto, formats, attributes: [] };
      sdp.media.push(media);
    } else if (kind === 'a') {
      const colon = value.indexOf(':');
      const attribute = colon === -1 ? { name: value, value: '' } : { name: value.slice(0, colon), value: value.slice(colon + 1) };
      (media === undefined ? sdp.sessionAttributes : media.attributes).push(attribute);
    } else if (kind === 'o' && media === undefined) {
      const [username = '', sessId = '', sessVersion = ''] = value.split(' ');
      sdp.origin = { username, sessId, sessVersion, raw: value };
    }
  }
  return sdp;
}
