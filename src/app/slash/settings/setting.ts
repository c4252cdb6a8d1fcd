import type { ConfigStore } from '../../../db/config-store.ts';
import type { GuildPolicyStore } from '../../../db/guild-policy-store.ts';
import type { ServerSettingsStore } from '../../../db/server-settings-store.ts';
import type { NamedItem, RoleItem, SlashChoice } from '../../../discord/slash/slash-port.ts';
import { EryError } from '../../../domain/errors.ts';
import type { BudgetAdmin } from '../../budget-admin.ts';
import type { OpsView } from '../../ops-view.ts';

/** The stores a setting reads and writes, and the supervisor that applies timings at once. */
export interface SettingStores {
  config: ConfigStore;
  supervisor: Pick<OpsView, 'send'>;
  policies: GuildPolicyStore;
  serverSettings: ServerSettingsStore;
  /** Spend caps; without them the budget settings say they are not available. */
  budgets?: BudgetAdmin;
}

/** Where a setting is read or changed from: the invoker's server and channel, and the scope asked. */
export interface SettingContext {
  stores: SettingStores;
  guildId: string;
  channelId: string;
  /** `channel` only for the timings; other settings are per server. */
  scope: 'server' | 'channel';
  channels: readonly NamedItem[];
  roles: readonly RoleItem[];
}

/** A value a setting refuses; the message says what to type instead. */
export class SettingValueError extends EryError {
  constructor(message: string) {
    super('SETTING_VALUE_INVALID', message);
  }
}

/** One setting reachable by `/ery config`. */
export interface SettingDef {
  /** What people type, e.g. `batch_window`. */
  name: string;
  /** Shown beside the name in autocomplete. */
  summary: string;
  /** True when `scope: this channel` applies (the timings). */
  perChannel?: boolean;
  /** The value in force, in words. */
  get(ctx: SettingContext): string;
  /** Parses `raw` and stores it; throws {@link SettingValueError}. Effective at once. */
  set(ctx: SettingContext, raw: string): void;
  /** Back to the default (or to the wider scope, for a channel timing). */
  reset(ctx: SettingContext): void;
  /** Value suggestions while `typed` is being typed. */
  suggest?(ctx: SettingContext, typed: string): SlashChoice[];
}

/** `text` ending in one full stop (a validation message may already end in one, or in `?`/`!`). */
export const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);
