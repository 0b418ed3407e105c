// Property test: whatever the client puts in its conference SUBSCRIBE, the NOTIFY body or the ad-hoc
// list, the group-session rules return verdicts (never throw) built from their own message ids.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registry } from '../../src/rules/index.js';
import {
  NOTIFY,
  SUBSCRIBE,
  bodyMsgAt,
  ctx,
  groupDialog,
  msgAt,
  responseTo,
  subscription,
  transaction,
  withHeaders,
  withStartLine,
} from '../helpers/group-session.js';
import { adhocDialog, multipart } from './adhoc-invites.js';

const mine = registry.filter((r) => /^IM-(ORIG-CONF|CONF|ADHOC|EXTEND|ORIG-IMS|TERM)/.test(r.meta.id));
const config = ctx({ conferenceFactory: 'sip:conf-factory@im.example.net', maxAdhocGroupSize: 3, profile: '3gpp', terminating: true });

// Header-ish text: printable latin1 without CR/LF, sometimes empty.
const value = fc.oneof(
  fc.constantFrom('', 'conference', 'Conference', '0', '-1', '99999999999999999999', '*', '<sip:a@b>, <sip:c@d>', '"unterminated', '<>', ';;;', 'application/*'),
  fc.string({ unit: fc.constantFrom(...'abc:;,<>@="*/ 0123456789%'.split('')), maxLength: 30 }),
);

function assertWellFormed(d: ReturnType<typeof groupDialog>): void {
  for (const r of mine) {
    for (const v of r.check(d, config)) {
      expect(r.meta.messages[v.messageId], `${r.meta.id} ${v.messageId}`).toBeDefined();
      expect(['pass', 'fail', 'inconclusive', 'not-applicable']).toContain(v.verdict);
    }
  }
}

describe('group-session rules never throw', () => {
  it('on arbitrary SUBSCRIBE headers and targets', () => {
    fc.assert(
      fc.property(value, value, value, value, value, value, (event, expires, accept, contact, route, ruri) => {
        let text = withHeaders(SUBSCRIBE, { o: event, Expires: expires, Accept: accept, Contact: contact, Route: route });
        text = withStartLine(text, `SUBSCRIBE ${ruri || 'sip:conf-77@im.example.net'} SIP/2.0`);
        const notify = transaction(msgAt(NOTIFY, 1.5), [msgAt(responseTo(NOTIFY, '200 OK'), 1.6)], 'peer');
        assertWellFormed(groupDialog({ subscriptions: [subscription([transaction(msgAt(text, 1.3), [], 'client')], [notify])], captureEnd: 100 }));
      }),
      { numRuns: 100 },
    );
  });

  it('on arbitrary conference-info and resource-list bodies', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (info, list) => {
        const notify = transaction(bodyMsgAt(NOTIFY, 1.5, 'application/conference-info+xml', info), [], 'peer');
        assertWellFormed(groupDialog({ subscriptions: [subscription([transaction(msgAt(SUBSCRIBE, 1.3), [], 'client')], [notify])], captureEnd: 100 }));
        assertWellFormed(adhocDialog(undefined, multipart(undefined, list)));
      }),
      { numRuns: 100 },
    );
  });
});
