/**
 * The welcome policy (`GuildPolicy.welcome`, issue 12 §1): whether new members are welcomed, where,
 * with a template or an instruction for the model, and what counts as a raid.
 */
import type { GuildPolicyInput } from '../../../domain/guild-policy.ts';
import { RAID_LIMITS } from '../../../domain/welcome-policy.ts';
import { WELCOME_PLACEHOLDERS } from '../../../domain/welcome-template.ts';
import { change, policyOf } from './policy-settings.ts';
import { type SettingContext, type SettingDef, SettingValueError } from './setting.ts';
import {
  formatDuration,
  namesOf,
  parseDuration,
  parseNamedList,
  parseSwitch,
  SWITCH_CHOICES,
  suggestNames,
} from './values.ts';

type Welcome = NonNullable<GuildPolicyInput['welcome']>;

const welcomeOf = (ctx: SettingContext) => policyOf(ctx).welcome;

/** Merges `fields` into the stored welcome policy. */
function setWelcome(ctx: SettingContext, name: string, fields: Partial<Welcome>): void {
  change(ctx, name, (p) => ({ ...p, welcome: { ...p.welcome, ...fields } }));
}

/** A text field: empty or "off" clears it. */
function text(field: 'template' | 'instruction', summary: string): SettingDef {
  const name = `welcome.${field}`;
  return {
    name,
    summary,
    get: (ctx) => welcomeOf(ctx)[field] || '(none)',
    set: (ctx, raw) =>
      setWelcome(ctx, name, { [field]: raw.trim().toLowerCase() === 'off' ? '' : raw.trim() }),
    reset: (ctx) => setWelcome(ctx, name, { [field]: '' }),
  };
}

/** `10 in 60s`: joins within a window. Throws {@link SettingValueError}. */
function parseRaid(raw: string): { joins: number; windowMs: number } {
  const match = /^(\d+)\s*(?:in|\/)\s*(.+)$/i.exec(raw.trim());
  if (!match) throw new SettingValueError(`"${raw}" is not a raid limit: write it like 10 in 60s.`);
  const joins = Number(match[1]);
  const windowMs = parseDuration(match[2] as string);
  const { joins: count, windowMs: window } = RAID_LIMITS;
  if (joins < count.min || joins > count.max)
    throw new SettingValueError(
      `A raid is ${count.min} to ${count.max.toLocaleString('en-US')} joins: e.g. 10 in 60s.`,
    );
  if (windowMs < window.min || windowMs > window.max)
    throw new SettingValueError(
      `A raid window is ${formatDuration(window.min)} to ${formatDuration(window.max)}: e.g. 10 in 60s.`,
    );
  return { joins, windowMs };
}

/** A welcome's wait: 0s to 10m (RaidPolicy.holdMs). */
function parseHold(raw: string): number {
  const holdMs = parseDuration(raw);
  if (holdMs > RAID_LIMITS.holdMs.max)
    throw new SettingValueError(`welcome.hold is 0s to ${formatDuration(RAID_LIMITS.holdMs.max)}: e.g. 5s.`);
  return holdMs;
}

/** welcome, welcome.channel, welcome.template, welcome.instruction, welcome.raid, welcome.hold. */
export const WELCOME_SETTINGS: SettingDef[] = [
  {
    name: 'welcome',
    summary: 'welcome members who join (needs welcome.channel and a template or instruction)',
    get: (ctx) => (welcomeOf(ctx).enabled ? 'on' : 'off'),
    set(ctx, raw) {
      const enabled = parseSwitch(raw);
      const current = welcomeOf(ctx);
      if (enabled && current.channelId === null)
        throw new SettingValueError('Set welcome.channel first: the channel welcomes are posted in.');
      if (enabled && !current.template.trim() && !current.instruction.trim())
        throw new SettingValueError(
          `Set welcome.template (placeholders ${WELCOME_PLACEHOLDERS.join(', ')}) or welcome.instruction first.`,
        );
      setWelcome(ctx, 'welcome', { enabled });
    },
    reset: (ctx) => setWelcome(ctx, 'welcome', { enabled: false }),
    suggest: () => SWITCH_CHOICES,
  },
  {
    name: 'welcome.channel',
    summary: 'the channel welcomes are posted in',
    get: (ctx) => {
      const id = welcomeOf(ctx).channelId;
      return id ? namesOf([id], ctx.channels, '#') : '(none)';
    },
    set(ctx, raw) {
      const ids = parseNamedList(raw, ctx.channels, 'channel');
      if (ids.length > 1) throw new SettingValueError('welcome.channel takes one channel.');
      setWelcome(ctx, 'welcome.channel', { channelId: ids[0] as string });
    },
    reset: (ctx) => setWelcome(ctx, 'welcome.channel', { channelId: null, enabled: false }),
    suggest: (ctx, typed) => suggestNames(typed, ctx.channels),
  },
  text('template', `a fixed welcome; ${WELCOME_PLACEHOLDERS.join(' ')} are filled in ("off" for none)`),
  text('instruction', 'what the model is told when it writes the welcome itself ("off" for none)'),
  {
    name: 'welcome.raid',
    summary: 'joins within a window that make a raid, reported to the mod-log (e.g. 10 in 60s)',
    get: (ctx) => {
      const { joins, windowMs } = welcomeOf(ctx).raid;
      return `${joins} in ${formatDuration(windowMs)}`;
    },
    set: (ctx, raw) =>
      setWelcome(ctx, 'welcome.raid', { raid: { ...welcomeOf(ctx).raid, ...parseRaid(raw) } }),
    reset: (ctx) => {
      const { holdMs } = welcomeOf(ctx).raid;
      setWelcome(ctx, 'welcome.raid', { raid: { holdMs } });
    },
    suggest: () => ['10 in 60s', '5 in 10s', '20 in 2m'].map((v) => ({ name: v, value: v })),
  },
  {
    name: 'welcome.hold',
    summary: 'how long a welcome waits, so the first joins of a raid are not greeted',
    get: (ctx) => formatDuration(welcomeOf(ctx).raid.holdMs),
    set: (ctx, raw) =>
      setWelcome(ctx, 'welcome.hold', { raid: { ...welcomeOf(ctx).raid, holdMs: parseHold(raw) } }),
    reset: (ctx) => {
      const { joins, windowMs } = welcomeOf(ctx).raid;
      setWelcome(ctx, 'welcome.hold', { raid: { joins, windowMs } });
    },
    suggest: () => ['0s', '5s', '30s'].map((v) => ({ name: v, value: v })),
  },
];
