import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  Events,
  type Guild,
  type Interaction,
  MessageFlags,
} from 'discord.js';
import type { Logger } from '../../logger.ts';
import { ERY_COMMAND, ERY_COMMAND_NAME } from './ery-command.ts';
import { roleItems } from './role-items.ts';
import type { SlashHandler, SlashRequest } from './slash-port.ts';

/** Discord's most autocomplete choices, and longest choice name. */
const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;

/**
 * Registers `/ery` in every server at start (on ready, then in each server joined later, with
 * `guild.commands.set`) and hands its interactions to `handler`. Returns the function that stops
 * listening.
 */
export function watchSlashCommands(client: Client, handler: SlashHandler, logger: Logger): () => void {
  const register = (guild: Guild): void => {
    guild.commands.set([ERY_COMMAND]).then(
      () => logger.info({ event: 'slash.registered', guildId: guild.id }, `/${ERY_COMMAND_NAME} registered`),
      (error: unknown) =>
        // Usually the bot was invited without the applications.commands scope.
        logger.warn(
          { event: 'slash.register_failed', guildId: guild.id, err: error },
          `could not register /${ERY_COMMAND_NAME}; invite Ery with the applications.commands scope`,
        ),
    );
  };
  const onReady = (ready: Client<true>): void => {
    for (const guild of ready.guilds.cache.values()) register(guild);
  };
  const onInteraction = (interaction: Interaction): void => {
    if (!interaction.inGuild()) return;
    if (interaction.isChatInputCommand() && interaction.commandName === ERY_COMMAND_NAME)
      void answerCommand(interaction, handler, logger);
    else if (interaction.isAutocomplete() && interaction.commandName === ERY_COMMAND_NAME)
      void answerAutocomplete(interaction, handler, logger);
  };
  client.on(Events.ClientReady, onReady);
  client.on(Events.GuildCreate, register);
  client.on(Events.InteractionCreate, onInteraction);
  return () => {
    client.off(Events.ClientReady, onReady);
    client.off(Events.GuildCreate, register);
    client.off(Events.InteractionCreate, onInteraction);
  };
}

async function answerCommand(
  interaction: ChatInputCommandInteraction,
  handler: SlashHandler,
  logger: Logger,
) {
  const request = requestOf(interaction);
  try {
    const answer = await handler.command(request);
    await interaction.reply({
      content: answer.content,
      ...(answer.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    });
    logger.info(
      {
        event: 'slash.answered',
        guildId: request.guildId,
        userId: request.userId,
        path: request.path.join(' '),
      },
      'slash command answered',
    );
  } catch (error) {
    logger.error(
      { event: 'slash.failed', guildId: request.guildId, path: request.path.join(' '), err: error },
      'slash command failed',
    );
    if (!interaction.replied && !interaction.deferred)
      await interaction
        .reply({
          content: 'Sorry, that did not work; the error is in Ery’s log.',
          flags: MessageFlags.Ephemeral,
        })
        .catch(() => {});
  }
}

async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  handler: SlashHandler,
  logger: Logger,
) {
  const request = requestOf(interaction);
  try {
    const focused = interaction.options.getFocused(true);
    const choices = handler.autocomplete(request, { name: focused.name, value: String(focused.value) });
    await interaction.respond(
      choices
        .slice(0, MAX_CHOICES)
        .map((c) => ({ name: c.name.slice(0, MAX_CHOICE_CHARS), value: c.value.slice(0, MAX_CHOICE_CHARS) })),
    );
  } catch (error) {
    logger.warn(
      { event: 'slash.autocomplete_failed', guildId: request.guildId, err: error },
      'autocomplete failed',
    );
  }
}

/** Ery's view of an interaction: the subcommand path, flat options, permissions and the server's names. */
function requestOf(interaction: ChatInputCommandInteraction | AutocompleteInteraction): SlashRequest {
  const path: string[] = [];
  const options: Record<string, string | number | boolean> = {};
  const walk = (list: readonly CommandInteractionOption[]): void => {
    for (const option of list) {
      if (option.options !== undefined && option.value === undefined) {
        path.push(option.name);
        walk(option.options);
      } else if (option.value !== undefined) options[option.name] = option.value;
    }
  };
  walk(interaction.options.data);
  const guild = interaction.guild;
  return {
    guildId: interaction.guildId as string,
    channelId: interaction.channelId as string,
    userId: interaction.user.id,
    // From the interaction's member.permissions: what the member may do in this channel.
    memberPermissions: interaction.memberPermissions?.bitfield ?? 0n,
    path,
    options,
    channels: guild
      ? [...guild.channels.cache.values()]
          .filter((c) => c.isTextBased() || c.isThreadOnly()) // forums: their posts are answered
          .map((c) => ({ id: c.id, name: c.name }))
      : [],
    roles: roleItems(guild),
  };
}
