/**
 * Whether a reply addresses Ery, from raw type 19 payloads whose fields real Discord keeps consistent
 * and a forged one does not (issue 7, adversarial review); through the real discord.js client.
 */
import { describe, expect, test } from 'bun:test';
import { reference } from '../support/discord-payloads.ts';
import { usePayloadFeed } from './support/payload-feed.ts';

const feed = usePayloadFeed();

/** A raw message object as Discord nests it in `referenced_message`. */
function rawMessage(id: string, channelId: string, author: { id: string; name: string; bot: boolean }) {
  return {
    id,
    channel_id: channelId,
    type: 0,
    content: 'earlier words',
    author: {
      id: author.id,
      username: author.name,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: author.bot,
    },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
  };
}

/** A type 19 reply whose `message_reference` points at `messageId` in `channelId`. */
function reply(messageId: string, channelId: string, referenced?: Record<string, unknown>) {
  const { pg } = feed();
  const target = { channelId, guildId: pg.demo.guildId, messageId };
  return {
    type: 19,
    content: 'about that',
    fields: {
      message_reference: reference(target),
      ...(referenced ? { referenced_message: referenced } : {}),
    },
  };
}

async function erysMessage(): Promise<string> {
  const { pg, discord } = feed();
  const sent = await discord.actions.sendMessage({
    channelId: pg.demo.channels.general,
    content: 'hello from Ery',
  });
  return sent.id;
}

const ery = () => ({ id: feed().pg.botUserId, name: 'Ery', bot: true });

describe('a reply addresses Ery only when it really replies to Ery', () => {
  test("GIVEN a reply referencing Bob's message with referenced_message.author = Ery THEN it replies to Bob's message and does not address Ery", async () => {
    const { pg } = feed();
    const general = pg.demo.channels.general;
    const bobs = await feed().replay({ content: 'I am Bob' }, pg.demo.users.bob);
    const seen = await feed().replay(
      reply(bobs.message.id, general, rawMessage(bobs.message.id, general, ery())),
    );
    expect(seen.message.replyToId).toBe(bobs.message.id);
    expect(seen.message.mentionsBot).toBe(false);
  });

  test("GIVEN a reply whose referenced_message is Ery's but another id than message_reference THEN it does not address Ery", async () => {
    const { pg } = feed();
    const general = pg.demo.channels.general;
    const bobs = await feed().replay({ content: 'Bob again' }, pg.demo.users.bob);
    const erys = await erysMessage();
    const seen = await feed().replay(reply(bobs.message.id, general, rawMessage(erys, general, ery())));
    expect(seen.message.mentionsBot).toBe(false);
  });

  test("GIVEN a reply in #general whose message_reference.channel_id is #random and whose id is Ery's message in #general THEN it does not address Ery", async () => {
    const { pg } = feed();
    const erys = await erysMessage();
    const seen = await feed().replay(reply(erys, pg.demo.channels.random));
    expect(seen.message.mentionsBot).toBe(false);
  });

  test("GIVEN consistent replies to Ery's message, with and without referenced_message THEN both address Ery", async () => {
    const { pg } = feed();
    const general = pg.demo.channels.general;
    const erys = await erysMessage();
    const withReferenced = await feed().replay(reply(erys, general, rawMessage(erys, general, ery())));
    const bare = await feed().replay(reply(erys, general));
    expect(withReferenced.message.mentionsBot).toBe(true);
    expect(bare.message.mentionsBot).toBe(true);
  });
});
