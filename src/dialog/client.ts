// Who the client (device under test) is, SPEC §2.3: --client ip[:port] or --aor first; otherwise
// the UAC of an initial INVITE, unless that UAC is a focus or an IM server.
import type { Diagnostic, Endpoint } from '../capture/types.js';
import type { ImlintConfig } from '../config/types.js';
import { compareUris, featureTag, parseUri } from '../sip/index.js';
import type { SipMessage, SipUri } from '../sip/types.js';
import type { Party } from './types.js';

export interface HostPort {
  host: string; // lower case, IPv6 without brackets
  port?: number;
}

/** `10.0.0.5`, `10.0.0.5:5060`, `[2001:db8::1]:5060`, `2001:db8::1` → host and port. */
export function parseHostPort(text: string): HostPort | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    if (close < 0) return undefined;
    const host = t.slice(1, close).toLowerCase();
    const rest = t.slice(close + 1);
    if (rest === '') return { host };
    if (!rest.startsWith(':')) return undefined;
    const port = Number(rest.slice(1));
    return Number.isInteger(port) && port > 0 && port < 65536 ? { host, port } : undefined;
  }
  const colons = t.split(':').length - 1;
  if (colons > 1) return { host: t.toLowerCase() }; // bare IPv6
  if (colons === 0) return { host: t.toLowerCase() };
  const [host, portText] = t.split(':');
  const port = Number(portText);
  if (host === '' || !Number.isInteger(port) || port <= 0 || port >= 65536) return undefined;
  return { host: host.toLowerCase(), port };
}

export function endpointLabel(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

function hostPortMatches(want: HostPort, host: string, port: number | undefined): boolean {
  let h = host.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h !== want.host) return false;
  return want.port === undefined || want.port === (port ?? 5060);
}

/** user@host, lower-cased host: the AoR key two URIs of one user share. */
export function aorKey(uri: SipUri): string {
  // Joined flat: a held key (a dialog's client) built as a template is a rope of two 32 B nodes.
  return [uri.user ?? '', uri.host.toLowerCase()].join('@');
}

/** The UAC's own address: the packet source of a one-Via copy, else the bottom Via sent-by. */
export function uacAddress(msg: SipMessage): HostPort | undefined {
  // One Via: the copy came straight from the UAC, whose address the packet already gives
  // (the Via grammar is the slow path, needed only for downstream copies).
  if (msg.viaCount <= 1 && msg.ref.src) return { host: msg.ref.src.ip.toLowerCase(), port: msg.ref.src.port };
  const via = msg.via();
  if (via.state === 'ok' && via.value.length > 0) {
    const bottom = via.value[via.value.length - 1];
    return { host: bottom.host.replace(/^\[|\]$/g, '').toLowerCase(), port: bottom.port };
  }
  return undefined;
}

/** True when the message names an IM server in User-Agent or Server (`IM-serv/...`). */
function fromImServer(msg: SipMessage): boolean {
  for (const h of [msg.userAgent(), msg.server()]) {
    if (h.state !== 'ok') continue;
    for (const v of h.value) if ('product' in v && v.product.toLowerCase() === 'im-serv') return true;
  }
  return false;
}

/** True when the request's own Contact carries `isfocus` as a header parameter (RFC 4579 §4.2). */
export function contactIsFocus(msg: SipMessage): boolean {
  const c = msg.contact();
  if (c.state !== 'ok') return false;
  return c.value.some((v) => !v.star && featureTag(v.params, 'isfocus') === 'present');
}

export class ClientIdentity {
  private readonly endpoint?: HostPort;
  private readonly aor?: SipUri;
  readonly diagnostics: Diagnostic[] = [];

  constructor(config: ImlintConfig) {
    if (config.client !== undefined) {
      this.endpoint = parseHostPort(config.client);
      if (!this.endpoint) this.configError('client', config.client);
    }
    if (config.aor !== undefined) {
      this.aor = parseUri(config.aor);
      if (!this.aor) this.configError('aor', config.aor);
    }
  }

  private configError(key: string, value: string): void {
    this.diagnostics.push({
      severity: 'error',
      code: 'dialog.config.bad-client',
      message: `config ${key} "${value}" is not a usable ${key === 'aor' ? 'SIP URI' : 'ip[:port]'}; the client is guessed from the traffic instead`,
    });
  }

  get configured(): boolean {
    return this.endpoint !== undefined || this.aor !== undefined;
  }

  /** Does this URI name the configured AoR? */
  isClientAor(uri: SipUri | undefined): boolean {
    return this.aor !== undefined && uri !== undefined && compareUris(this.aor, uri).equal;
  }

  /** Was this message sent by the configured client endpoint? */
  sentByClientEndpoint(msg: SipMessage): boolean {
    if (!this.endpoint) return false;
    const src = msg.ref.src;
    if (src && hostPortMatches(this.endpoint, src.ip, src.port)) return true;
    const uac = uacAddress(msg);
    return uac !== undefined && hostPortMatches(this.endpoint, uac.host, uac.port);
  }

  /**
   * Who originated this initial INVITE, with the reason (recorded in the dialog's notes).
   * Configured identity wins; without one, the UAC is the client unless it is a focus or IM server.
   */
  originatorOf(invite: SipMessage): { originator: Party; reason: string } {
    if (this.endpoint) {
      return this.sentByClientEndpoint(invite)
        ? { originator: 'client', reason: 'sent by --client' }
        : { originator: 'peer', reason: 'not sent by --client' };
    }
    if (this.aor) {
      const from = invite.from();
      const fromUri = from.state === 'ok' ? from.value.uri : undefined;
      return this.isClientAor(fromUri)
        ? { originator: 'client', reason: 'From is --aor' }
        : { originator: 'peer', reason: 'From is not --aor' };
    }
    if (contactIsFocus(invite)) return { originator: 'peer', reason: 'UAC Contact has isfocus (a focus)' };
    if (fromImServer(invite)) return { originator: 'peer', reason: 'UAC names IM-serv (an IM server)' };
    return { originator: 'client', reason: 'UAC of the initial INVITE' };
  }
}
