import { BUDGET_SETTINGS } from './budget-settings.ts';
import { POLICY_SETTINGS } from './policy-settings.ts';
import { SERVER_SETTINGS } from './server-settings.ts';
import type { SettingDef } from './setting.ts';
import { TIMING_SETTINGS } from './timing-settings.ts';
import { WELCOME_SETTINGS } from './welcome-settings.ts';

export type { SettingContext, SettingDef, SettingStores } from './setting.ts';
export { SettingValueError } from './setting.ts';

/** Every setting `/ery config` reaches, in the order autocomplete lists them (issue 11 §5). */
export const SETTINGS: readonly SettingDef[] = [
  ...TIMING_SETTINGS,
  ...SERVER_SETTINGS,
  ...POLICY_SETTINGS,
  ...WELCOME_SETTINGS,
  ...BUDGET_SETTINGS,
];

/** The setting called `name`, or undefined. */
export const settingNamed = (name: string): SettingDef | undefined =>
  SETTINGS.find((s) => s.name === name.trim());
