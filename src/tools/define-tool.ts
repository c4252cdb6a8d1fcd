import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type {
  AllowedMentions,
  ChannelInfo,
  DiscordActions,
  HistoryMessage,
  MemberInfo,
  RoleInfo,
} from '../discord/port.ts';
import type { AutonomousTools, GuildPolicy, ModerationToolName } from '../domain/guild-policy.ts';
import { ToolDefinitionError } from './errors.ts';

/** The three kinds of tool; each lives in the folder of the same name. */
export type ToolCategory = 'communication' | 'moderation' | 'information';

/** Discord permissions a moderation tool can require of its requester (and of Ery). */
export type ModerationPermissionName = 'BanMembers' | 'KickMembers' | 'ModerateMembers' | 'ManageRoles';

/** Ids named in the arguments, resolved (and proven to belong to the thread's guild) before `run`. */
export interface ResolvedTargets {
  /** From `user_id`: a member of the thread's guild. */
  member?: MemberInfo;
  /** From `role_id`: a role of the thread's guild. */
  role?: RoleInfo;
  /** From `channel_id` when it is not the thread's channel: a channel of the thread's guild. */
  channel?: ChannelInfo;
  /** From `message_id`: a message of the thread's channel. */
  message?: HistoryMessage;
}

/** What a moderation tool's own `check` sees, after the shared rules passed. */
export interface ModerationFacts {
  /** The member who asked, or null for an autonomous call. */
  requester: MemberInfo | null;
  bot: MemberInfo;
  target: MemberInfo;
  role: RoleInfo | undefined;
}

/** Everything a tool's `run` may use. Only reached after validation and authorisation passed. */
export interface ToolInvocation {
  actions: DiscordActions;
  guildId: string;
  channelId: string;
  signal: AbortSignal;
  policy: GuildPolicy;
  targets: ResolvedTargets;
  /** Who asked for a moderation action; null for other tools and autonomous moderation. */
  requester: { userId: string; name: string } | null;
  /** Idempotency key for created messages, stable across retries of the same call. */
  nonce: string;
  /** Mentions sent messages may ping, from the guild policy. */
  allowedMentions: AllowedMentions;
  /** The reason written to Discord's audit log: the model's reason plus who asked. */
  discordReason(reason: string): string;
  now(): number;
}

/** A tool's result: a JSON object handed back to the model. */
export type ToolOutput = Record<string, unknown>;

interface ModerationRuleFor<I, K extends ModerationToolName> {
  kind: 'moderation';
  /** The Discord permission the requester (and Ery) must hold. */
  discordPermission: ModerationPermissionName;
  /** The key of this tool in the guild policy's `roleGrants` and `autonomous.tools`. */
  policyKey: K;
  /** Why an autonomous call exceeds the guild's limits for this tool, or null when within them. */
  autonomousLimit(input: I, limits: NonNullable<AutonomousTools[K]>): string | null;
  /** Rules of this tool on top of the shared ones: why the call is denied, or null. */
  check?(input: I, facts: ModerationFacts): string | null;
}

/** The authorisation rule of a moderation tool. */
export type ModerationRule<I> = { [K in ModerationToolName]: ModerationRuleFor<I, K> }[ModerationToolName];

/**
 * Why `channel` (named by a call's `channel_id`, already proven to be of this server and not this
 * channel) is beyond a tool's reach from `here`, or null when the tool may read it.
 */
export type ChannelReach = (channel: ChannelInfo, here: { channelId: string }) => string | null;

/**
 * The rule of a tool anyone in the conversation may call. A tool that reads another channel may
 * narrow which (`channelReach`); on top of that, every member asking must be able to view it
 * (src/tools/rules/channel-viewers.ts).
 */
export interface OpenRule {
  kind: 'none';
  channelReach?: ChannelReach;
  /**
   * The tool reads a server (its members, roles, channels or threads): in a direct message, which
   * has none, it is refused before it runs (./rules/direct-message.ts).
   */
  needsServer?: true;
}

/** Who may make a call: anyone in the conversation (`none`) or, for moderation, the rule above. */
export type ToolPermission<I> = OpenRule | ModerationRule<I>;

/** Any zod object schema a tool's input may be. */
export type ToolInputSchema = z.ZodObject;

interface ToolSpecBase<S extends ToolInputSchema> {
  /** `import.meta.url` of the tool's file: the registry checks the name and folder against it. */
  file: string;
  /** snake_case; the file is the same name in kebab-case (`send_message` → `send-message.ts`). */
  name: string;
  /** What the model reads to decide when and how to call the tool. */
  description: string;
  input: S;
  run(input: z.output<S>, call: ToolInvocation): Promise<ToolOutput>;
}

/** What a tool file passes to {@link defineTool}: moderation tools must declare a moderation rule. */
export type ToolSpec<S extends ToolInputSchema> = ToolSpecBase<S> &
  (
    | { category: 'communication' | 'information'; permission: OpenRule }
    | { category: 'moderation'; permission: ModerationRule<z.output<S>> }
  );

/** A defined tool, with the JSON schema generated for the model. */
export interface Tool<S extends ToolInputSchema = ToolInputSchema> {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  readonly category: ToolCategory;
  readonly input: S;
  readonly permission: ToolPermission<z.output<S>>;
  /** JSON schema of the arguments, generated once from `input` with `z.toJSONSchema`. */
  readonly parameters: Record<string, unknown>;
  run(input: z.output<S>, call: ToolInvocation): Promise<ToolOutput>;
}

/** Tool names are snake_case words. */
export const TOOL_NAME_PATTERN = /^[a-z]+(?:_[a-z]+)*$/;

/** The file name a tool of this name must live in. */
export function toolFileName(name: string): string {
  return `${name.replaceAll('_', '-')}.ts`;
}

/** A tool's file as a path, whether given as a `file:` URL or a path. */
export function toolFilePath(file: string): string {
  return file.startsWith('file:') ? fileURLToPath(file) : file;
}

/**
 * Defines one tool. The JSON schema the model sees is generated here from `input`, so the
 * arguments are described once. Mistakes are {@link ToolDefinitionError}s naming the file.
 */
export function defineTool<S extends ToolInputSchema>(spec: ToolSpec<S>): Tool<S> {
  const file = typeof spec.file === 'string' && spec.file !== '' ? spec.file : '(unknown file)';
  const where = basename(toolFilePath(file));
  if (!TOOL_NAME_PATTERN.test(spec.name)) {
    throw new ToolDefinitionError(where, `tool name "${spec.name}" must be snake_case letters`);
  }
  if (spec.description.trim().length < 20) {
    throw new ToolDefinitionError(where, `tool "${spec.name}" needs a description the model can act on`);
  }
  if ((spec.category === 'moderation') !== (spec.permission.kind === 'moderation')) {
    throw new ToolDefinitionError(
      where,
      `tool "${spec.name}": moderation tools, and only they, need a moderation permission`,
    );
  }
  let parameters: Record<string, unknown>;
  try {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(spec.input);
    parameters = schema;
  } catch (error) {
    throw new ToolDefinitionError(where, `tool "${spec.name}": input has no JSON schema (${String(error)})`);
  }
  return Object.freeze({ ...spec, file, parameters }) as Tool<S>;
}
