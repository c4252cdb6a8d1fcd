import { type ApplicationCommandData, ApplicationCommandOptionType } from 'discord.js';

/** The one top-level command Ery registers in each server. */
export const ERY_COMMAND_NAME = 'ery';

const setting = {
  type: ApplicationCommandOptionType.String,
  name: 'setting',
  description: 'Which setting',
  required: true,
  autocomplete: true,
} as const;

const scope = {
  type: ApplicationCommandOptionType.String,
  name: 'scope',
  description: 'Timings only: the whole server (default) or this channel',
  choices: [
    { name: 'server', value: 'server' },
    { name: 'this channel', value: 'channel' },
  ],
} as const;

/**
 * `/ery config get|set|reset`, `/ery status`, `/ery budget` (issue 11 §5). Open to everyone: the
 * handler refuses changes to members without Manage Server, which lets it say why.
 */
export const ERY_COMMAND: ApplicationCommandData = {
  name: ERY_COMMAND_NAME,
  description: 'Configure Ery and see what it is doing',
  options: [
    {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: 'config',
      description: "Ery's settings in this server",
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'get',
          description: 'Show a setting',
          options: [setting, scope],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'set',
          description: 'Change a setting (Manage Server)',
          options: [
            setting,
            {
              type: ApplicationCommandOptionType.String,
              name: 'value',
              description: 'The new value',
              required: true,
              autocomplete: true,
            },
            scope,
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'reset',
          description: 'Back to the default (Manage Server)',
          options: [setting, scope],
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'status',
      description: "Ery's channels and running threads here",
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'budget',
      description: 'Token usage: this server today, you this hour',
    },
  ],
};
