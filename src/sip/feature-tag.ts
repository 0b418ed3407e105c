// Feature tags in header parameters (RFC 3840 §5, RFC 3841 §10; SPEC §3.3). Callers pass header
// parameters only: a tag inside <...> is a URI parameter and never reaches here.
import type { GenericParam } from './types.js';

/**
 * Whether feature tag `name` is asserted. The whole name must match, ignoring case
 * (`+g.oma.sip-im.large-message` is not `+g.oma.sip-im`). Bare or "TRUE" → present;
 * "FALSE" or a value starting with "!" → negated; other values (string or token lists) → present.
 */
export function featureTag(params: GenericParam[], name: string): 'present' | 'negated' | 'absent' {
  const wanted = name.toLowerCase();
  for (const p of params) {
    if (p.name.length !== wanted.length || p.name.toLowerCase() !== wanted) continue;
    if (p.value === null) return 'present';
    const v = p.value.trim();
    if (v.toUpperCase() === 'FALSE' || v.startsWith('!')) return 'negated';
    return 'present';
  }
  return 'absent';
}
