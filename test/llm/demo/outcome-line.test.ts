import { describe, expect, test } from 'bun:test';
import { outcomeLine } from '../../../src/llm/demo/outcome.ts';

describe('the demo model’s line on a moderation call', () => {
  test('GIVEN a ban asked in a direct message THEN it says moderation works only in the server, not that a lookup failed', () => {
    const line = outcomeLine(
      { action: 'ban_member', member: 'user 42', reason: null },
      {
        ok: false,
        code: 'DIRECT_MESSAGE',
        message: 'get_member_info reads a server; this is a direct message',
      },
    );
    expect(line).toContain("I can't ban user 42 from a direct message");
    expect(line).not.toContain('get_member_info');
  });
});
