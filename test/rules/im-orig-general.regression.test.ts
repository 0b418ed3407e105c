// SPEC §5.1, note from the change request behind 7.1.1.1: the General section must not require
// multipart/mixed. A 1-1 INVITE with Content-Type: application/sdp gets no multipart finding from
// any rule, and every §7.1.1.1 rule passes on SPEC §9 example A.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { analyze } from '../../src/report/analyze.js';
import { judgeDialog } from '../../src/rules/index.js';
import { origDialog } from './orig-request.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'rules', 'im-orig-accept-contact', 'conforming-1-1.txt');
const mentionsMultipart = (v: { message: string; messageId: string }) => /multipart/i.test(v.message) || /multipart/i.test(v.messageId);

describe('1-1 INVITE with an application/sdp body (SPEC §5.1 note)', () => {
  test('no rule fails it for multipart, on a hand-built dialog', () => {
    const dialog = origDialog();
    expect(dialog.initialInvite.request.contentType()).toMatchObject({ state: 'ok', value: { type: 'application', subtype: 'sdp' } });
    const verdicts = judgeDialog(dialog, { ...DEFAULT_CONFIG, conferenceFactory: 'sip:conf-factory@im.example.net' });
    expect(verdicts.filter((v) => v.verdict === 'fail' && mentionsMultipart(v))).toEqual([]);
    expect(verdicts.filter((v) => v.rule.startsWith('IM-ORIG-') && v.rule !== 'IM-ORIG-CONF-SUBSCRIBE' && v.rule !== 'IM-ORIG-IMS-CORE').map((v) => [v.rule, v.verdict])).toEqual([
      ['IM-ORIG-ACCEPT-CONTACT', 'pass'],
      ['IM-ORIG-USER-AGENT', 'pass'],
      ['IM-ORIG-ALLOW', 'pass'],
      ['IM-ORIG-CONTACT-FEATURE-TAG', 'pass'],
      ['IM-ORIG-PRIVACY-ID', 'not-applicable'],
      ['IM-ORIG-SUPPORTED-TIMER', 'pass'],
      ['IM-ORIG-SESSION-EXPIRES', 'pass'],
      ['IM-ORIG-STORE-CONTACT', 'not-applicable'],
      ['IM-ORIG-STORE-ALLOW', 'inconclusive'],
      ['IM-ORIG-TIMER-HONOURED', expect.any(String)],
    ]);
  });

  test('no rule fails it for multipart, through analyze() on the sngrep fixture', async () => {
    const report = await analyze([FIXTURE], { ...DEFAULT_CONFIG, conferenceFactory: 'sip:conf-factory@im.example.net' }, {});
    expect(report.dialogs).toHaveLength(1);
    const verdicts = report.dialogs[0].verdicts;
    expect(verdicts.filter((v) => v.verdict === 'fail' && /multipart/i.test(v.message))).toEqual([]);
    expect(verdicts.find((v) => v.rule === 'IM-ADHOC-MULTIPART')?.verdict).toBe('not-applicable');
    expect(verdicts.filter((v) => v.verdict === 'fail')).toEqual([]);
  });
});
