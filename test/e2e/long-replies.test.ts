/**
 * Long replies end to end (issue 12): a message tool given more than Discord's 2000 characters sends
 * well-formed parts through the real discord.js client to the playground, and a crash between parts
 * repeats none and loses none when the call runs again.
 */
import { describe, expect, test } from 'bun:test';
import type { DiscordActions } from '../../src/discord/port.ts';
import { defaultGuildPolicy } from '../../src/domain/guild-policy.ts';
import replyToMessage from '../../src/tools/communication/reply-to-message.ts';
import sendMessage from '../../src/tools/communication/send-message.ts';
import type { ToolInvocation } from '../../src/tools/define-tool.ts';
import { partNonce } from '../../src/tools/nonce.ts';
import { marker } from '../discord/inbox.ts';
import { discord, eventsOf, pg, post, useConnectedPlayground } from './discord-adapter.fixtures.ts';

useConnectedPlayground();

/** A ~5000-character answer: paragraphs of prose around a long code block. */
function longAnswer(tag: string): string {
  const prose = (n: number) =>
    `Paragraph ${n} of ${tag}. ${'Some words the model wrote. '.repeat(20)}`.trim();
  const code = Array.from({ length: 60 }, (_, i) => `  const value${i} = compute(${i}); // step ${i}`).join(
    '\n',
  );
  return [prose(1), prose(2), `\`\`\`ts\n${code}\n\`\`\``, prose(3), prose(4)].join('\n\n');
}

function invocation(
  actions: DiscordActions,
  nonce: string,
  channelId: string,
  signal = new AbortController().signal,
): ToolInvocation {
  return {
    actions,
    guildId: pg.demo.guildId,
    channelId,
    signal,
    policy: defaultGuildPolicy,
    targets: {} as ToolInvocation['targets'],
    requester: null,
    nonce,
    allowedMentions: { parse: ['users'] },
    discordReason: (reason) => reason,
    now: () => Date.now(),
  };
}

const created = (nonces: ReadonlySet<string>) =>
  eventsOf('message.created', (e) => e.message.nonce !== undefined && nonces.has(String(e.message.nonce)));

describe('GIVEN a message tool and a text longer than 2000 characters', () => {
  test('WHEN it is sent THEN it arrives as parts of at most 2000 characters, fences closed and reopened, nothing lost', async () => {
    const text = longAnswer(marker('long'));
    expect(text.length).toBeGreaterThan(4000);
    expect(text.length).toBeLessThan(6000);
    const nonce = marker('n').slice(0, 25);
    const result = await sendMessage.run(
      { content: text },
      invocation(discord.actions, nonce, pg.demo.channels.general),
    );
    const ids = result.message_ids as string[];
    expect(ids).toHaveLength(3);
    expect(result.message_id).toBe(ids[0] as string);
    const contents = ids.map((id) => pg.state.message(id)?.content ?? '');
    for (const part of contents) {
      expect(part.length).toBeLessThanOrEqual(2000);
      // Every part's code fences are balanced, so each renders on its own.
      expect((part.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    // Without the fences added at the cuts, the parts hold every word of the text, in order.
    const words = (s: string) =>
      s
        .replace(/```(ts)?/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
    expect(words(contents.join('\n'))).toEqual(words(text));
  });

  test('WHEN a reply is long THEN only its first part replies to the message', async () => {
    const target = await post(pg.demo.users.alice, marker('question'), undefined, pg.demo.channels.random);
    const nonce = marker('r').slice(0, 25);
    const result = await replyToMessage.run(
      { message_id: target, content: longAnswer(marker('reply')) },
      invocation(discord.actions, nonce, pg.demo.channels.random),
    );
    const ids = result.message_ids as string[];
    const replies = ids.map((id) => pg.state.message(id)?.referencedMessageId ?? null);
    expect(replies).toEqual([target, null, null]);
  });

  test('WHEN Ery dies between parts and the call runs again THEN no part is repeated and none is lost', async () => {
    const text = longAnswer(marker('crash'));
    const nonce = marker('c').slice(0, 25);
    const stop = new AbortController();
    let sends = 0;
    // The real adapter, stopped (as by a SIGKILL) once the second part reached Discord.
    const dying: DiscordActions = Object.create(discord.actions, {
      sendMessage: {
        value: async (...args: Parameters<DiscordActions['sendMessage']>) => {
          const sent = await discord.actions.sendMessage(...args);
          sends += 1;
          if (sends === 2) stop.abort(new Error('killed'));
          return sent;
        },
      },
    });
    await expect(
      sendMessage.run({ content: text }, invocation(dying, nonce, pg.demo.channels.modLog, stop.signal)),
    ).rejects.toThrow();
    expect(sends).toBe(2);
    // The rerun after the restart: same call, same nonce.
    const again = await sendMessage.run(
      { content: text },
      invocation(discord.actions, nonce, pg.demo.channels.modLog),
    );
    const ids = again.message_ids as string[];
    expect(ids).toHaveLength(3);
    // Discord saw each part's nonce create exactly one message: the three the rerun returned.
    const nonces = new Set([0, 1, 2].map((index) => partNonce(nonce, index)));
    expect(created(nonces).map((e) => e.message.id)).toEqual(ids);
  });
});
