// A known conference URI is kept as a detached copy (issue 6): the same URI, field for field.
import { describe, expect, it } from 'vitest';
import { detachedUri } from '../../src/dialog/detached-uri.js';
import { compareUris, parseUri } from '../../src/sip/index.js';

describe('detachedUri', () => {
  it('copies every field of the URI', () => {
    for (const text of ['sip:conf-1;isfocus@focus.example.com:5070;transport=tcp?subject=a%20b', 'sips:u:pw@h.example', 'tel:+1-555-0100;phone-context=example.com']) {
      const uri = parseUri(text)!;
      const copy = detachedUri(uri);
      expect(copy).toEqual(uri);
      expect(copy).not.toBe(uri);
      expect(compareUris(copy, uri).equal).toBe(true);
    }
  });
});
