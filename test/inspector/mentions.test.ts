import { describe, expect, test } from 'bun:test';
import { channelDetail } from '../../src/inspector/channel-view.ts';
import { eventText } from '../../src/inspector/event-text.ts';
import { type MentionNames, withNames } from '../../src/inspector/mentions.ts';
import { chatMessage } from '../support/chat-messages.ts';
import { inspectedSupervisor } from './inspector.fixtures.ts';

const names: MentionNames = {
  member: (guildId, id) =>
    guildId === '10' ? (({ '501': 'Bob', '502': 'Ery' } as Record<string, string>)[id] ?? null) : null,
  role: (guildId, id) =>
    guildId === '10' ? (({ '60': 'Helper', '10': '@everyone' } as Record<string, string>)[id] ?? null) : null,
  channel: (id) => (id === '100' ? 'general' : null),
};

describe('mentions in what the inspector shows', () => {
  test('GIVEN raw mentions of members, roles and channels THEN they read as @Name, @Role and #channel', () => {
    expect(withNames('<@502> ban <@!501>, ping <@&60> and <@&10> in <#100>', '10', names)).toBe(
      '@Ery ban @Bob, ping @Helper and @everyone in #general',
    );
  });

  test('GIVEN a mention Ery has no name for, or no names at all THEN it stays as it was written', () => {
    expect(withNames('hi <@999> in <#5>', '10', names)).toBe('hi <@999> in <#5>');
    expect(withNames('hi <@501>', '11', names)).toBe('hi <@501>');
    expect(withNames('hi <@501>', '10', undefined)).toBe('hi <@501>');
  });

  test('GIVEN a message in the event stream and in a batch THEN both show the names', () => {
    const message = chatMessage({ channelId: '100', guildId: '10', content: '<@502> welcome <@501>' });
    expect(eventText({ type: 'message.received', message } as { type: string }, names)).toBe(
      'alice: @Ery welcome @Bob',
    );
    const world = inspectedSupervisor();
    world.supervisor.receive(message);
    const snapshot = world.supervisor.actorOf('100')?.getSnapshot();
    if (!snapshot) throw new Error('no actor');
    expect(channelDetail(snapshot, { names }).batch.messages[0]?.content).toBe('@Ery welcome @Bob');
    // The actor's own batch, what the model will be given, keeps the raw text.
    expect(snapshot.context.batch[0]?.content).toBe('<@502> welcome <@501>');
    world.supervisor.stop();
  });
});
