/** Persona, the channels Ery answers in, mention-only mode and the mod-log channel (`ServerSettings`). */
import { z } from 'zod';
import type { ServerSettings } from '../../../domain/server-settings.ts';
import { type SettingContext, type SettingDef, SettingValueError, sentence } from './setting.ts';
import { namesOf, parseNamedList, parseSwitch, SWITCH_CHOICES, suggestNames } from './values.ts';

function store(ctx: SettingContext, name: string, change: Partial<ServerSettings>): void {
  try {
    ctx.stores.serverSettings.update(ctx.guildId, change);
  } catch (error) {
    if (error instanceof z.ZodError)
      throw new SettingValueError(`${name}: ${sentence(error.issues[0]?.message ?? 'invalid')}`);
    throw error;
  }
}

const read = (ctx: SettingContext) => ctx.stores.serverSettings.get(ctx.guildId);

/** persona, channels, mention_only, mod_log. */
export const SERVER_SETTINGS: SettingDef[] = [
  {
    name: 'persona',
    summary: 'how Ery sounds here (text for the model)',
    get: (ctx) => read(ctx).persona || '(none)',
    set: (ctx, raw) => store(ctx, 'persona', { persona: raw.trim() }),
    reset: (ctx) => ctx.stores.serverSettings.reset(ctx.guildId, 'persona'),
  },
  {
    name: 'channels',
    summary: 'the channels Ery answers in ("all" for every one)',
    get: (ctx) => {
      const ids = read(ctx).channelIds;
      return ids.length === 0 ? 'all channels' : namesOf(ids, ctx.channels, '#');
    },
    set(ctx, raw) {
      const all = raw.trim().toLowerCase() === 'all';
      store(ctx, 'channels', { channelIds: all ? [] : parseNamedList(raw, ctx.channels, 'channel') });
    },
    reset: (ctx) => ctx.stores.serverSettings.reset(ctx.guildId, 'channelIds'),
    suggest: (ctx, typed) => suggestNames(typed, ctx.channels, ['all']),
  },
  {
    name: 'mention_only',
    summary: 'only messages that mention or reply to Ery count',
    get: (ctx) => (read(ctx).mentionOnly ? 'on' : 'off'),
    set: (ctx, raw) => store(ctx, 'mention_only', { mentionOnly: parseSwitch(raw) }),
    reset: (ctx) => ctx.stores.serverSettings.reset(ctx.guildId, 'mentionOnly'),
    suggest: () => SWITCH_CHOICES,
  },
  {
    name: 'mod_log',
    summary: 'channel that mirrors moderation actions and refusals ("off" for none)',
    get: (ctx) => {
      const id = read(ctx).modLogChannelId;
      return id ? namesOf([id], ctx.channels, '#') : 'off';
    },
    set(ctx, raw) {
      if (raw.trim().toLowerCase() === 'off') return store(ctx, 'mod_log', { modLogChannelId: null });
      const ids = parseNamedList(raw, ctx.channels, 'channel');
      if (ids.length > 1) throw new SettingValueError('mod_log takes one channel.');
      store(ctx, 'mod_log', { modLogChannelId: ids[0] as string });
    },
    reset: (ctx) => ctx.stores.serverSettings.reset(ctx.guildId, 'modLogChannelId'),
    suggest: (ctx, typed) => suggestNames(typed, ctx.channels, ['off']).slice(0, 25),
  },
];
