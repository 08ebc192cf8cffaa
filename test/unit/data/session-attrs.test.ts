import { describe, expect, it } from 'vitest';
import { sessionAttrsMismatch } from '../../../src/data/db';

describe('target_session_attrs', () => {
  it('refuses a standby when a primary is asked for, and a primary when a standby is', () => {
    for (const a of ['read-write', 'primary'] as const) {
      expect(sessionAttrsMismatch(a, true)).toMatch(/standby .* asks for a primary/);
      expect(sessionAttrsMismatch(a, false)).toBeUndefined();
    }
    for (const a of ['read-only', 'standby'] as const) {
      expect(sessionAttrsMismatch(a, false)).toMatch(/primary, but .* asks for a standby/);
      expect(sessionAttrsMismatch(a, true)).toBeUndefined();
    }
  });

  it('takes any server for any, prefer-standby or nothing (one host: libpq takes what there is)', () => {
    for (const a of ['any', 'prefer-standby', undefined] as const) {
      expect(sessionAttrsMismatch(a, true)).toBeUndefined();
      expect(sessionAttrsMismatch(a, false)).toBeUndefined();
    }
  });
});
