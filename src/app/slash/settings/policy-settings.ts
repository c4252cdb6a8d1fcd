/**
 * The server's policy (`GuildPolicy`): rules for the prompt, role → tool grants and the limits of
 * autonomous moderation. Read by every thread and tool call from the store, so a change applies to
 * the next one.
 */
import { z } from 'zod';
import { type GuildPolicy, type GuildPolicyInput, ModerationToolName } from '../../../domain/guild-policy.ts';
import { type SettingContext, type SettingDef, SettingValueError, sentence } from './setting.ts';
import {
  formatDuration,
  namesOf,
  parseDuration,
  parseNamedList,
  parseSwitch,
  SWITCH_CHOICES,
  suggestNames,
} from './values.ts';

type Tool = ModerationToolName;
type Autonomous = GuildPolicy['autonomous']['tools'];

/** The server's policy in force. */
export const policyOf = (ctx: SettingContext) => ctx.stores.policies.get(ctx.guildId);

/** Stores the policy `edit` makes of the current one; a value the policy refuses is a {@link SettingValueError}. */
export function change(
  ctx: SettingContext,
  name: string,
  edit: (p: GuildPolicyInput) => GuildPolicyInput,
): void {
  // A deep copy: the stored policy is frozen and shared.
  const current = structuredClone(policyOf(ctx)) as GuildPolicyInput;
  try {
    ctx.stores.policies.set(ctx.guildId, edit(current));
  } catch (error) {
    if (error instanceof z.ZodError)
      throw new SettingValueError(`${name}: ${sentence(error.issues[0]?.message ?? 'invalid')}`);
    throw error;
  }
}

const rules: SettingDef = {
  name: 'rules',
  summary: "the server's rules, shown to the model",
  get: (ctx) => policyOf(ctx).rules || '(none)',
  set: (ctx, raw) => change(ctx, 'rules', (p) => ({ ...p, rules: raw.trim() })),
  reset: (ctx) => change(ctx, 'rules', (p) => ({ ...p, rules: '' })),
};

function grant(tool: Tool): SettingDef {
  const name = `grant.${tool}`;
  const setTo = (ctx: SettingContext, ids: string[]) =>
    change(ctx, name, (p) => {
      const grants = { ...p.roleGrants };
      if (ids.length === 0) delete grants[tool];
      else grants[tool] = ids;
      return { ...p, roleGrants: grants };
    });
  return {
    name,
    summary: `roles that may ask Ery to use ${tool} ("none" for none)`,
    get: (ctx) => {
      const ids = policyOf(ctx).roleGrants[tool] ?? [];
      return ids.length === 0 ? 'none' : namesOf(ids, ctx.roles, '@');
    },
    set: (ctx, raw) =>
      setTo(ctx, raw.trim().toLowerCase() === 'none' ? [] : parseNamedList(raw, ctx.roles, 'role')),
    reset: (ctx) => setTo(ctx, []),
    suggest: (ctx, typed) => suggestNames(typed, ctx.roles, ['none']),
  };
}

const autonomous: SettingDef = {
  name: 'autonomous',
  summary: 'moderation without a human request, within the autonomous.* limits',
  get: (ctx) => (policyOf(ctx).autonomous.enabled ? 'on' : 'off'),
  set: (ctx, raw) => {
    const enabled = parseSwitch(raw);
    change(ctx, 'autonomous', (p) => ({ ...p, autonomous: { ...p.autonomous, enabled } }));
  },
  reset: (ctx) =>
    change(ctx, 'autonomous', (p) => ({ ...p, autonomous: { ...p.autonomous, enabled: false } })),
  suggest: () => SWITCH_CHOICES,
};

const directMessages: SettingDef = {
  name: 'dms',
  summary: "whether Ery answers this server's members in direct messages",
  get: (ctx) => (policyOf(ctx).directMessages ? 'on' : 'off'),
  set: (ctx, raw) => {
    const enabled = parseSwitch(raw);
    change(ctx, 'dms', (p) => ({ ...p, directMessages: enabled }));
  },
  reset: (ctx) => change(ctx, 'dms', (p) => ({ ...p, directMessages: false })),
  suggest: () => SWITCH_CHOICES,
};

/** A limit of one autonomous tool: "off" removes it (never used autonomously). */
function limit<T extends Tool>(
  tool: T,
  summary: string,
  parse: (ctx: SettingContext, raw: string) => NonNullable<Autonomous[T]>,
  show: (ctx: SettingContext, value: NonNullable<Autonomous[T]>) => string,
  suggest: SettingDef['suggest'],
): SettingDef {
  const name = `autonomous.${tool}`;
  const setTo = (ctx: SettingContext, value: Autonomous[T] | undefined) =>
    change(ctx, name, (p) => {
      const tools = { ...p.autonomous?.tools } as Record<string, unknown>;
      if (value === undefined) delete tools[tool];
      else tools[tool] = value;
      return { ...p, autonomous: { ...p.autonomous, tools } };
    });
  return {
    name,
    summary,
    get: (ctx) => {
      const value = policyOf(ctx).autonomous.tools[tool];
      return value === undefined ? 'off' : show(ctx, value as NonNullable<Autonomous[T]>);
    },
    set: (ctx, raw) => setTo(ctx, isOff(raw) ? undefined : parse(ctx, raw)),
    reset: (ctx) => setTo(ctx, undefined),
    suggest,
  };
}

/**
 * The roles named in `raw` (see `parseNamedList`), each one Ery can give and take: a role it cannot
 * (managed, above its highest role, or Ery without Manage Roles) would make every autonomous
 * add_role or remove_role fail at Discord, so it is refused now, saying what to change.
 */
function assignableRoles(ctx: SettingContext, raw: string): string[] {
  const ids = parseNamedList(raw, ctx.roles, 'role');
  for (const id of ids) {
    const role = ctx.roles.find((r) => r.id === id);
    if (role?.unassignable)
      throw new SettingValueError(`Ery cannot give or take @${role.name}: ${role.unassignable}.`);
  }
  return ids;
}

/** Every way of saying a limit is off (`parseSwitch`'s falses). */
const isOff = (raw: string) => {
  const word = raw.trim().toLowerCase();
  return ['off', 'false', 'no', 'disabled'].includes(word);
};
const seconds = (raw: string) => Math.round(parseDuration(raw) / 1000);
const examples = (list: string[]) => (_: SettingContext, typed: string) =>
  list.filter((e) => e.startsWith(typed.trim())).map((e) => ({ name: e, value: e }));

/** rules, grant.<tool> for each moderation tool, autonomous and autonomous.<tool>, dms. */
export const POLICY_SETTINGS: SettingDef[] = [
  rules,
  ...ModerationToolName.options.map(grant),
  autonomous,
  limit(
    'ban_member',
    'autonomous bans: most message history deleted ("off": never)',
    (_ctx, raw) => ({ maxDeleteMessageSeconds: seconds(raw) }),
    (_ctx, v) => `on, deleting at most ${formatDuration(v.maxDeleteMessageSeconds * 1000)} of messages`,
    examples(['off', '0s', '1h', '1d']),
  ),
  limit(
    'kick_member',
    'autonomous kicks ("on" or "off")',
    (_ctx, raw) => {
      // Only "on" reaches here ("off" removes the limit); anything else is refused.
      parseSwitch(raw);
      return {};
    },
    () => 'on',
    () => SWITCH_CHOICES,
  ),
  limit(
    'timeout_member',
    'autonomous timeouts: longest one ("off": never)',
    (_ctx, raw) => {
      const s = seconds(raw);
      if (s < 1) throw new SettingValueError('autonomous.timeout_member must be at least 1s, or off.');
      return { maxDurationSeconds: s };
    },
    (_ctx, v) => `on, at most ${formatDuration(v.maxDurationSeconds * 1000)}`,
    examples(['off', '10m', '1h', '1d']),
  ),
  ...(['add_role', 'remove_role'] as const).map((tool) =>
    limit(
      tool,
      `roles Ery may ${tool === 'add_role' ? 'give' : 'take'} on its own ("off": none)`,
      (ctx, raw) => ({ roleIds: assignableRoles(ctx, raw) }),
      (ctx, v) => `on for ${namesOf(v.roleIds, ctx.roles, '@')}`,
      // Only roles Ery can give: one it cannot would be refused when picked.
      (ctx, typed) =>
        suggestNames(
          typed,
          ctx.roles.filter((role) => !role.unassignable),
          ['off'],
        ),
    ),
  ),
  directMessages,
];
