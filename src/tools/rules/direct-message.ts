import { isDirectMessage } from '../../domain/direct-message.ts';
import { Denial } from '../decision.ts';
import type { Tool } from '../define-tool.ts';

/**
 * Issue 12 §4: a direct message has no server, so no moderation tool works from one (there is no
 * server whose permissions or policy could allow it, whatever the author may do elsewhere), and an
 * information tool that reads a server (`needsServer`) has nothing to read. Both are refused with
 * code `DIRECT_MESSAGE` before any lookup; the communication tools and `fetch_messages` work in the
 * DM itself. Null when `guildId` is a server's, or the tool works in a DM.
 */
export function directMessageDenial(tool: Tool, guildId: string): Denial | null {
  if (!isDirectMessage(guildId)) return null;
  if (tool.permission.kind === 'moderation') {
    return new Denial(
      `${tool.name} is a moderation tool, and no moderation tool works in a direct message; a moderator must act in the server`,
      { code: 'DIRECT_MESSAGE' },
    );
  }
  if (tool.permission.needsServer) {
    return new Denial(
      `${tool.name} reads a server, and this direct message belongs to none; nothing was looked up`,
      { code: 'DIRECT_MESSAGE' },
    );
  }
  return null;
}
