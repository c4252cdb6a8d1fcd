/** The channel timings and batch size (`ChannelSettings`), per server or per channel, applied to live actors at once. */
import { z } from 'zod';
import type { ConfigScope } from '../../../db/config-store.ts';
import type { ChannelSettings } from '../../../domain/channel-settings.ts';
import { changeConfig } from '../../config-change.ts';
import { type SettingContext, type SettingDef, SettingValueError } from './setting.ts';
import { formatDuration, parseCount, parseDuration } from './values.ts';

type Field = keyof ChannelSettings;

function where(ctx: SettingContext): { scope: ConfigScope; id: string } {
  return ctx.scope === 'channel'
    ? { scope: 'channel', id: ctx.channelId }
    : { scope: 'guild', id: ctx.guildId };
}

/** Where the value in force comes from, in words. */
function source(ctx: SettingContext, field: Field): string {
  const { config } = ctx.stores;
  if (config.get('channel', ctx.channelId)?.[field] !== undefined) return 'set for this channel';
  if (config.get('guild', ctx.guildId)?.[field] !== undefined) return 'set for this server';
  if (config.get('global', '')?.[field] !== undefined) return 'global setting';
  return 'default';
}

function timing(
  name: string,
  field: Field,
  summary: string,
  kind: 'count' | 'duration',
  examples: string[],
): SettingDef {
  const show = (value: number) => (kind === 'duration' ? formatDuration(value) : String(value));
  return {
    name,
    summary,
    perChannel: true,
    get: (ctx) =>
      `${show(ctx.stores.config.resolve(ctx.guildId, ctx.channelId)[field])} (${source(ctx, field)})`,
    set(ctx, raw) {
      const value = kind === 'duration' ? parseDuration(raw) : parseCount(raw);
      const { scope, id } = where(ctx);
      try {
        changeConfig(ctx.stores, scope, id, { [field]: value });
      } catch (error) {
        if (!(error instanceof z.ZodError)) throw error;
        const words = error.issues[0]?.message ?? 'is out of range';
        throw new SettingValueError(
          `${name} ${kind === 'duration' ? `(in ms) ${words}` : words}; you gave "${raw}".`,
        );
      }
    },
    reset(ctx) {
      const { scope, id } = where(ctx);
      changeConfig(ctx.stores, scope, id, { [field]: null });
    },
    suggest: (_ctx, typed) =>
      examples.filter((e) => e.startsWith(typed.trim())).map((e) => ({ name: e, value: e })),
  };
}

/** batch_size, batch_window, cooldown, idle_timeout. */
export const TIMING_SETTINGS: SettingDef[] = [
  timing('batch_size', 'batchSize', 'messages that start a thread at once', 'count', [
    '1',
    '3',
    '5',
    '10',
    '20',
  ]),
  timing('batch_window', 'batchWindowMs', 'wait after a batch opens', 'duration', [
    '0s',
    '5s',
    '10s',
    '30s',
    '1m',
  ]),
  timing('cooldown', 'cooldownMs', 'pause after a thread', 'duration', ['0s', '2s', '5s', '30s']),
  timing('idle_timeout', 'idleTimeoutMs', 'idle time before a channel is let go', 'duration', [
    '1m',
    '5m',
    '30m',
    '1h',
  ]),
];
