/**
 * Application commands and interactions with the real discord.js client: registration per guild
 * and globally, INTERACTION_CREATE for commands and autocomplete, and every way of answering
 * (reply, ephemeral reply, defer then edit, followup, autocomplete choices).
 */
import { describe, expect, test } from 'bun:test';
import {
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  Events,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import { InteractionInputError, type Playground } from '../../src/playground/index.ts';
import { usePlayground } from './helpers.ts';

let pg: Playground;
let client: Client<true>;

/** Added to the playground's clock: moves it past Discord's response windows. */
let skewMs = 0;

usePlayground({ port: 0, now: () => Date.now() + skewMs }, async (started) => {
  ({ pg } = started);
  client = await started.login();
});

const COMMAND = {
  name: 'demo',
  description: 'A demo command',
  options: [
    {
      type: 2,
      name: 'group',
      description: 'A group',
      options: [
        {
          type: 1,
          name: 'leaf',
          description: 'A leaf',
          options: [
            { type: 3, name: 'word', description: 'A word', required: true, autocomplete: true },
            { type: 4, name: 'count', description: 'A count' },
          ],
        },
      ],
    },
    { type: 1, name: 'later', description: 'Defers, then edits' },
  ],
};

/** Answers the next interaction with `handle`. */
function answerNext(handle: (interaction: Interaction) => Promise<unknown>): Promise<Interaction> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (interaction) => {
      handle(interaction).then(() => resolve(interaction), reject);
    });
  });
}

describe('application commands on the playground', () => {
  test('GIVEN guild.commands.set THEN GET lists them with ids, and a second set keeps the ids', async () => {
    const guild = client.guilds.cache.get(pg.demo.guildId);
    const first = await guild?.commands.set([COMMAND]);
    expect(first?.first()?.name).toBe('demo');
    const fetched = await guild?.commands.fetch();
    expect(fetched?.map((c) => c.name)).toEqual(['demo']);
    const again = await guild?.commands.set([COMMAND]);
    expect(again?.first()?.id).toBe(first?.first()?.id as string);
    expect(pg.interactions.commands(pg.demo.guildId).map((c) => c.name)).toEqual(['demo']);
  });

  test('GIVEN global commands THEN they are listed apart from the guild ones', async () => {
    await client.application.commands.set([{ name: 'ping', description: 'Pong' }]);
    const global = await client.application.commands.fetch();
    expect(global.map((c) => c.name)).toEqual(['ping']);
    expect(
      pg.interactions
        .commands(pg.demo.guildId)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['demo', 'ping']);
  });

  test('GIVEN an invalid command name THEN registration fails with 50035', async () => {
    const guild = client.guilds.cache.get(pg.demo.guildId);
    const error = await guild?.commands.set([{ name: 'Bad Name', description: 'x' }]).catch((e) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  test('GIVEN a nested command THEN discord.js reads group, subcommand, typed options and permissions, and an ephemeral reply reaches only the invoker', async () => {
    const seen = answerNext(async (i) => {
      const c = i as ChatInputCommandInteraction;
      await c.reply({
        content: `got ${c.options.getString('word')} x${c.options.getInteger('count')}`,
        flags: MessageFlags.Ephemeral,
      });
    });
    const before = pg.state.messages(pg.demo.channels.general).length;
    const reply = await pg.interactions.invoke({
      userId: pg.demo.users.alice,
      channelId: pg.demo.channels.general,
      path: ['demo', 'group', 'leaf'],
      options: { word: 'hello', count: '3' },
    });
    const interaction = (await seen) as ChatInputCommandInteraction;
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.options.getSubcommandGroup()).toBe('group');
    expect(interaction.options.getSubcommand()).toBe('leaf');
    expect(interaction.user.id).toBe(pg.demo.users.alice);
    expect(interaction.guildId).toBe(pg.demo.guildId);
    expect(interaction.channelId).toBe(pg.demo.channels.general);
    expect(interaction.memberPermissions?.has('ManageGuild')).toBe(false);
    expect(interaction.appPermissions.has('SendMessages')).toBe(true);
    expect(reply).toMatchObject({ content: 'got hello x3', ephemeral: true });
    expect(pg.state.messages(pg.demo.channels.general).length).toBe(before);
  });

  test('GIVEN a public reply THEN it is a channel message of type 20', async () => {
    const seen = answerNext(async (i) => (i as ChatInputCommandInteraction).reply('for everyone'));
    const reply = await pg.interactions.invoke({
      userId: pg.demo.users.owner,
      channelId: pg.demo.channels.general,
      path: ['demo', 'group', 'leaf'],
      options: { word: 'x' },
    });
    const interaction = (await seen) as ChatInputCommandInteraction;
    expect(interaction.memberPermissions?.has('ManageGuild')).toBe(true);
    expect(reply.ephemeral).toBe(false);
    const stored = pg.state.message(reply.messageId);
    expect(stored?.content).toBe('for everyone');
    expect(stored?.type).toBe(20);
  });

  test('GIVEN deferReply, editReply and followUp THEN the edit is the reply and the followup follows', async () => {
    let followupContent = '';
    const seen = answerNext(async (i) => {
      const c = i as ChatInputCommandInteraction;
      await c.deferReply({ flags: MessageFlags.Ephemeral });
      await c.editReply('done later');
      const followup = await c.followUp({ content: 'and more', flags: MessageFlags.Ephemeral });
      followupContent = followup.content;
    });
    const reply = await pg.interactions.invoke({
      userId: pg.demo.users.bob,
      channelId: pg.demo.channels.general,
      path: ['demo', 'later'],
      options: {},
    });
    await seen;
    expect(reply).toMatchObject({ content: 'done later', ephemeral: true });
    expect(followupContent).toBe('and more');
  });

  test('GIVEN a reply twice THEN the second is refused as already acknowledged', async () => {
    let second: unknown;
    const seen = answerNext(async (i) => {
      const c = i as ChatInputCommandInteraction;
      await c.reply('one');
      // discord.js guards this itself; the raw route must refuse as Discord does.
      second = await client.rest
        .post(`/interactions/${c.id}/${c.token}/callback`, {
          body: { type: 4, data: { content: 'two' } },
          auth: false,
        })
        .catch((e) => e);
    });
    await pg.interactions.invoke({
      userId: pg.demo.users.bob,
      channelId: pg.demo.channels.general,
      path: ['demo', 'later'],
      options: {},
    });
    await seen;
    expect((second as DiscordAPIError).code).toBe(40060);
  });

  test('GIVEN no answer within 3 s THEN the callback is refused as an unknown interaction and the invoker is told', async () => {
    let late: unknown;
    const seen = answerNext(async (i) => {
      skewMs = 3_001;
      late = await (i as ChatInputCommandInteraction).reply('too late').catch((e) => e);
      skewMs = 0;
    });
    const reply = await pg.interactions
      .invoke(
        {
          userId: pg.demo.users.bob,
          channelId: pg.demo.channels.general,
          path: ['demo', 'later'],
          options: {},
        },
        500,
      )
      .catch((e) => e);
    await seen;
    expect((late as DiscordAPIError).code).toBe(10062);
    expect(reply).toBeInstanceOf(InteractionInputError);
    expect((reply as Error).message).toContain('did not respond');
  });

  test('GIVEN autocomplete THEN discord.js sees the focused option and its choices come back', async () => {
    const seen = answerNext(async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      const focused = i.options.getFocused(true);
      await i.respond([{ name: `${focused.name}=${focused.value}!`, value: `${focused.value}!` }]);
    });
    const choices = await pg.interactions.autocomplete({
      userId: pg.demo.users.alice,
      channelId: pg.demo.channels.general,
      path: ['demo', 'group', 'leaf'],
      options: { word: 'he' },
      focused: 'word',
    });
    await seen;
    expect(choices).toEqual([{ name: 'word=he!', value: 'he!' }]);
  });

  test('GIVEN an unknown subcommand or a missing option THEN the invoker is told what to type', async () => {
    const run = (path: string[], options: Record<string, string>) =>
      pg.interactions
        .invoke({ userId: pg.demo.users.alice, channelId: pg.demo.channels.general, path, options })
        .catch((e) => e);
    const unknown = await run(['demo', 'nope'], {});
    expect(unknown).toBeInstanceOf(InteractionInputError);
    expect(unknown.message).toContain('group, later');
    const missing = await run(['demo', 'group', 'leaf'], {});
    expect(missing.message).toContain('word:<value>');
    const noCommand = await run(['nothing'], {});
    expect(noCommand.message).toContain('/demo');
  });
});
