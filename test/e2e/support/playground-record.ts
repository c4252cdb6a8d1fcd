import { expect } from 'bun:test';
import type { Playground, PlaygroundEvent } from '../../../src/playground/index.ts';
import type { ControlCase } from '../../tools/attacks/cases.ts';

/**
 * What the playground itself recorded, as opposed to what our port or audit log claims: its event
 * stream (every change and every HTTP request it served) and its state. A denied tool call must leave
 * both as they were; an allowed one must show exactly its own change.
 */

/** Events that report no change: reads served, and the gateway session's own life. */
const NOT_A_CHANGE: ReadonlySet<PlaygroundEvent['type']> = new Set([
  'http.request',
  'gateway.identified',
  'gateway.resumed',
  'gateway.closed',
]);

/** What a guild holds that a moderation or message tool could change. */
function snapshot(pg: Playground, guildIds: readonly string[]) {
  return guildIds.map((guildId) => ({
    guildId,
    members: pg.state.members(guildId).map((m) => ({
      userId: m.userId,
      nick: m.nick,
      roleIds: [...m.roleIds].sort(),
      timeoutUntil: m.communicationDisabledUntil,
    })),
    roles: pg.state
      .roles(guildId)
      .map((r) => ({ id: r.id, position: r.position, permissions: r.permissions })),
    bans: pg.state.bans(guildId).map((b) => b.userId),
    auditLog: pg.state.auditLog(guildId).length,
    messages: pg.state.channels(guildId).map((c) => pg.state.messages(c.id).map((m) => m.id)),
  }));
}

/** A mark in the playground's record; later checks look only at what happened after it. */
export interface RecordMark {
  /** Changes (non-read events) since the mark. */
  changes(): PlaygroundEvent[];
  /** HTTP requests the playground served since the mark. */
  requests(): Array<Extract<PlaygroundEvent, { type: 'http.request' }>>;
  /** Throws unless nothing changed: no change event, only GET requests, state as it was. */
  expectNothingChanged(): void;
  /** Throws unless the only change is the one `control` makes, done by `botUserId`. */
  expectChanged(control: ControlCase, botUserId: string): void;
}

/** Marks the playground's record now, for the guilds in `guildIds`. */
export function markRecord(pg: Playground, guildIds: readonly string[]): RecordMark {
  const since = pg.events().at(-1)?.seq ?? 0;
  const before = snapshot(pg, guildIds);
  const after = () => pg.events().filter((event) => event.seq > since);
  const changes = () => after().filter((event) => !NOT_A_CHANGE.has(event.type));
  const requests = () =>
    after().filter((event): event is Extract<PlaygroundEvent, { type: 'http.request' }> => {
      return event.type === 'http.request';
    });
  return {
    changes,
    requests,
    expectNothingChanged() {
      expect(changes()).toEqual([]);
      // Not even a write that the playground refused: the call must not have been attempted at all.
      expect(requests().filter((request) => request.method !== 'GET')).toEqual([]);
      expect(snapshot(pg, guildIds)).toEqual(before);
    },
    expectChanged(control, botUserId) {
      const seen = changes();
      expect(seen).toHaveLength(1);
      const [change] = seen;
      expect(change?.actorId).toBe(botUserId);
      const userId = control.args.user_id;
      switch (control.reaches) {
        case 'ban':
          expect(change).toMatchObject({ type: 'member.banned', target: { id: userId } });
          expect(pg.state.ban(change?.guildId ?? '', String(userId))).toBeDefined();
          return;
        case 'timeout': {
          expect(change).toMatchObject({ type: 'member.updated', target: { id: userId } });
          const until = change?.type === 'member.updated' ? change.changes.timeoutUntil : undefined;
          expect(until).toBeGreaterThan(Date.now());
          return;
        }
        case 'sendMessage':
          expect(change).toMatchObject({
            type: 'message.created',
            message: {
              author: { id: botUserId },
              content: control.args.content,
              mentions: { everyone: false, roles: [] },
            },
          });
          return;
        default:
          throw new Error(
            `no playground check for a control that reaches ${control.reaches}; add one to playground-record.ts`,
          );
      }
    },
  };
}
