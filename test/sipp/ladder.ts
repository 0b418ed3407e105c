// Helpers for the SIPp fixture tests: the message ladder of a capture, read by imlint's own
// capture and sip stages, and the ladder a SIPp scenario file says its side sends and receives.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { openInput } from '../../src/capture/index.js';
import { parseMessage } from '../../src/sip/index.js';

export interface Rung {
  /** Seen from the IM client: 'send' (client → server) or 'recv'. */
  dir: 'send' | 'recv';
  /** Method, or status code as text. */
  label: string;
}

export interface CapturedRung extends Rung {
  callId: string;
  cseq: string;
  /** Seconds since the first SIP message of the capture. */
  offsetSec: number;
}

/** Every SIP message of a capture, with the client taken as the sender of the first message. */
/** Warnings and errors only are returned as diagnostics. */
export async function readLadder(path: string): Promise<{ rungs: CapturedRung[]; diagnostics: string[] }> {
  const source = await openInput(path);
  const rungs: CapturedRung[] = [];
  const diagnostics: string[] = [];
  let clientPort: number | undefined;
  let firstNs: bigint | undefined;
  for await (const batch of source.batches()) {
    // SIPp's own "Problem EAGAIN" lines at the top of its message logs are reported as info.
    for (const d of batch.diagnostics) if (d.severity !== 'info') diagnostics.push(`${d.code}: ${d.message}`);
    for (const raw of batch.messages) {
      const msg = parseMessage(raw);
      const t = raw.ref.timeNs ?? 0n;
      clientPort ??= raw.ref.src?.port;
      firstNs ??= t;
      rungs.push({
        dir: raw.ref.src?.port === clientPort ? 'send' : 'recv',
        label: msg.method ?? String(msg.status),
        callId: msg.callId ?? '',
        cseq: msg.cseq ? `${msg.cseq.seq} ${msg.cseq.method}` : '',
        offsetSec: Number(t - firstNs) / 1e9,
      });
    }
  }
  return { rungs, diagnostics };
}

interface Step extends Rung {
  optional: boolean;
}

/** The sends and receives of a SIPp scenario, in order, from that scenario's own side. */
export function scenarioSteps(xmlPath: string): Step[] {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, cdataPropName: '#cdata' });
  const doc = parser.parse(readFileSync(xmlPath, 'latin1')) as Record<string, unknown>[];
  const scenario = doc.find((n) => 'scenario' in n)?.scenario as Record<string, unknown>[];
  const steps: Step[] = [];
  for (const node of scenario) {
    const attrs = (node[':@'] ?? {}) as Record<string, string>;
    if ('send' in node) {
      const cdata = (node.send as Record<string, unknown>[]).find((c) => '#cdata' in c)?.['#cdata'] as { '#text': string }[];
      const startLine = String(cdata[0]['#text']).trim().split(/\r?\n/)[0].trim();
      const label = startLine.startsWith('SIP/2.0 ') ? startLine.split(/\s+/)[1] : startLine.split(/\s+/)[0];
      steps.push({ dir: 'send', label, optional: false });
    } else if ('recv' in node) {
      steps.push({ dir: 'recv', label: attrs['@_request'] ?? attrs['@_response'], optional: attrs['@_optional'] === 'true' });
    }
  }
  return steps;
}

/**
 * The scenario's steps resolved against what was captured: optional receives that did not happen
 * are dropped. The result equals the captured ladder exactly when the capture follows the scenario.
 */
export function resolveSteps(steps: Step[], captured: Rung[]): Rung[] {
  const out: Rung[] = [];
  let i = 0;
  for (const s of steps) {
    const next = captured[i];
    if (s.optional && !(next && next.dir === s.dir && next.label === s.label)) continue;
    out.push({ dir: s.dir, label: s.label });
    i++;
  }
  return out;
}
