/**
 * `/ery` (issue 11 §5): `config get|set|reset`, `status`, `budget`. Only members with Manage Server
 * (read from the interaction's `member.permissions`) may change anything; every other answer is
 * ephemeral, so configuring Ery does not fill a channel.
 */

import type { SlashAnswer, SlashChoice, SlashHandler, SlashRequest } from '../../discord/slash/slash-port.ts';
import { ellipsis } from '../../domain/clip.ts';
import { MAX_MESSAGE_LENGTH } from '../../domain/discord-limits.ts';
import type { Logger } from '../../logger.ts';
import { listActors } from '../ops-actors.ts';
import type { OpsView } from '../ops-view.ts';
import { type BudgetReader, describeBudget } from './budget-report.ts';
import {
  SETTINGS,
  type SettingContext,
  type SettingStores,
  SettingValueError,
  settingNamed,
} from './settings/index.ts';
import { describeStatus } from './status-report.ts';

/** Discord's permission bits (https://discord.com/developers/docs/topics/permissions). */
const MANAGE_GUILD = 1n << 5n;
const ADMINISTRATOR = 1n << 3n;

/** What the handler reads and changes. */
export interface SlashDeps extends SettingStores {
  supervisor: OpsView;
  budget: BudgetReader;
  logger: Logger;
  now?: () => number;
}

/**
 * An answer only the invoker sees, cut to one Discord message (2,000 characters): a longer one is
 * refused by Discord and the member would see "the application did not respond" (a refusal that
 * echoes a long value, or a big server's names, could be).
 */
const ephemeral = (content: string): SlashAnswer => ({
  content: ellipsis(content, MAX_MESSAGE_LENGTH),
  ephemeral: true,
});

/** The `/ery` handler. */
export function createSlashHandler(deps: SlashDeps): SlashHandler {
  const now = deps.now ?? Date.now;
  return {
    command(request) {
      const [group, sub] = request.path;
      if (group === 'status')
        return ephemeral(
          describeStatus(listActors(deps.supervisor, request.guildId), request.channels, now()),
        );
      if (group === 'budget')
        return ephemeral(
          describeBudget(deps.budget.usage({ guildId: request.guildId, userId: request.userId, now: now() })),
        );
      if (group !== 'config') return ephemeral(`Unknown command /ery ${request.path.join(' ')}.`);
      return config(deps, request, sub ?? '');
    },
    autocomplete(request, focused) {
      if (focused.name === 'setting') return settingChoices(focused.value);
      if (focused.name !== 'value') return [];
      const setting = settingNamed(String(request.options.setting ?? ''));
      return setting?.suggest?.(contextOf(deps, request), focused.value).slice(0, 25) ?? [];
    },
  };
}

function config(deps: SlashDeps, request: SlashRequest, sub: string): SlashAnswer {
  const name = String(request.options.setting ?? '');
  const setting = settingNamed(name);
  if (!setting)
    return ephemeral(`There is no setting "${name}". Settings: ${SETTINGS.map((s) => s.name).join(', ')}.`);
  const ctx = contextOf(deps, request);
  if (ctx.scope === 'channel' && !setting.perChannel)
    return ephemeral(`${setting.name} is set for the whole server; leave out scope.`);
  const where = ctx.scope === 'channel' ? 'this channel' : 'this server';
  if (sub === 'get') return ephemeral(`**${setting.name}**: ${shownValue(setting.get(ctx))}`);
  const manage = request.memberPermissions & (MANAGE_GUILD | ADMINISTRATOR);
  if (manage === 0n) {
    deps.logger.info(
      { event: 'slash.refused', guildId: request.guildId, userId: request.userId, setting: setting.name },
      'config change refused: no Manage Server',
    );
    return ephemeral(
      'Changing Ery’s settings needs the **Manage Server** permission, which you do not have here.',
    );
  }
  try {
    if (sub === 'set') setting.set(ctx, String(request.options.value ?? ''));
    else if (sub === 'reset') setting.reset(ctx);
    else return ephemeral(`Unknown command /ery config ${sub}.`);
  } catch (error) {
    if (error instanceof SettingValueError) return ephemeral(`Not changed: ${error.message}`);
    throw error;
  }
  deps.logger.info(
    {
      event: 'slash.config_changed',
      guildId: request.guildId,
      userId: request.userId,
      setting: setting.name,
      action: sub,
      scope: ctx.scope,
    },
    'setting changed from Discord',
  );
  return ephemeral(
    `**${setting.name}** ${sub === 'reset' ? 'reset' : 'set'} for ${where}: now ${shownValue(setting.get(ctx))}.`,
  );
}

function contextOf(stores: SettingStores, request: SlashRequest): SettingContext {
  return {
    stores,
    guildId: request.guildId,
    channelId: request.channelId,
    scope: request.options.scope === 'channel' ? 'channel' : 'server',
    channels: request.channels,
    roles: request.roles,
  };
}

function settingChoices(typed: string): SlashChoice[] {
  const word = typed.trim().toLowerCase();
  return SETTINGS.filter((s) => s.name.includes(word))
    .slice(0, 25)
    .map((s) => ({ name: `${s.name} — ${s.summary}`, value: s.name }));
}

/**
 * A setting's value as a reply shows it: a persona or rules may be longer than the 2000 characters
 * a Discord message holds, and a reply that fails leaves the member with "the application did not
 * respond" (found by a break-it review), so a long value is cut, saying so.
 */
function shownValue(value: string): string {
  return value.length <= MAX_SHOWN_VALUE
    ? value
    : `${ellipsis(value, MAX_SHOWN_VALUE)} (${value.length.toLocaleString('en-US')} characters in all)`;
}

/** Room for a setting's value in a reply, below Discord's 2000 characters with the words around it. */
const MAX_SHOWN_VALUE = 1_500;
