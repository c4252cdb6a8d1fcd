/**
 * Direct messages in the playground, as discord.js uses them (issue 12 §4): `user.createDM()` is
 * `POST /users/@me/channels` and answers a DM channel (type 1) with its recipient; a message in it
 * reaches sessions with DIRECT_MESSAGES as MESSAGE_CREATE without `guild_id`; sending into it works
 * over REST; nobody outside the DM can read it.
 */
import { describe, expect, test } from 'bun:test';
import { ChannelType, type Client, Events, GatewayIntentBits, type Message } from 'discord.js';
import { DEMO_IDS, type Playground } from '../../src/playground/index.ts';
import { api, ERY_INTENTS, usePlayground, within } from './helpers.ts';

const { users } = DEMO_IDS;
let pg: Playground;
let ery: Client<true>;
let withoutDms: Client<true>;
usePlayground({}, async (started) => {
  pg = started.pg;
  ery = await started.login({ intents: [...ERY_INTENTS, GatewayIntentBits.DirectMessages] });
  withoutDms = await started.login();
});

describe('GIVEN a DM between Alice and Ery', () => {
  test('WHEN Ery opens it with createDM THEN it is a DM channel (type 1), the same one each time, naming Alice', async () => {
    const alice = await ery.users.fetch(users.alice);
    const dm = await alice.createDM(true);
    expect(dm.type).toBe(ChannelType.DM);
    expect(dm.recipientId).toBe(users.alice);
    expect(pg.openDirectMessage({ userId: users.alice, recipientId: users.ery }).id).toBe(dm.id);
    const raw = await api(pg, 'POST', '/users/@me/channels', { body: { recipient_id: users.alice } });
    expect(raw.body).toMatchObject({ id: dm.id, type: 1, recipients: [{ id: users.alice }] });
    expect(raw.body.guild_id).toBeUndefined();
  });

  test('WHEN Alice writes in it THEN only sessions with DIRECT_MESSAGES get it, with no guild', async () => {
    const dmId = pg.openDirectMessage({ userId: users.alice, recipientId: users.ery }).id;
    let leaked = false;
    const onLeak = (message: Message) => {
      if (message.channelId === dmId) leaked = true;
    };
    withoutDms.on(Events.MessageCreate, onLeak);
    const arrived = within<Message>(5_000, (resolve) =>
      ery.on(Events.MessageCreate, (message) => {
        if (message.channelId === dmId) resolve(message);
      }),
    );
    const sent = pg.postMessage({ channelId: dmId, authorId: users.alice, content: 'psst, Ery' });
    const message = await arrived;
    expect([message.id, message.guildId, message.content, message.channel.type]).toEqual([
      sent.id,
      null,
      'psst, Ery',
      ChannelType.DM,
    ]);
    // A later message in a guild channel reaches both: by then the DM would have reached it too.
    const marker = within<void>(5_000, (resolve) =>
      withoutDms.on(Events.MessageCreate, (m) => {
        if (m.content === 'after the DM') resolve();
      }),
    );
    pg.postMessage({ channelId: DEMO_IDS.channels.general, authorId: users.alice, content: 'after the DM' });
    await marker;
    withoutDms.off(Events.MessageCreate, onLeak);
    expect(leaked).toBe(false);
  });

  test('WHEN Ery sends into it THEN the message is stored in the DM, and Bob cannot read the DM', async () => {
    const dm = await (await ery.users.fetch(users.alice)).createDM();
    const reply = await dm.send('hello Alice');
    expect(pg.state.message(reply.id)).toMatchObject({ channelId: dm.id, authorId: users.ery });
    const asAlice = await api(pg, 'GET', `/channels/${dm.id}/messages`, { token: pg.tokenFor(users.alice) });
    expect(asAlice.body.map((m: { content: string }) => m.content)).toContain('hello Alice');
    const asBob = await api(pg, 'GET', `/channels/${dm.id}/messages`, { token: pg.tokenFor(users.bob) });
    expect(asBob.status).toBe(403);
  });
});
