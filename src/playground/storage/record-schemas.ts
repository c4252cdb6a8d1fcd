/**
 * The shape of every kind of saved playground record, checked when a saved world is loaded: a
 * record of the wrong shape (a `user` saved as `{"id":5}`) is found at start-up and refused with
 * one line, not met later as a crash deep inside discord.js (issue 7). Each schema is tied to its
 * record type, so the two cannot drift apart unnoticed.
 */
import { z } from 'zod';
import type { Overwrite } from '../permissions.ts';
import {
  AuditLogAction,
  type AuditLogRecord,
  type BanRecord,
  type ChannelRecord,
  type GuildRecord,
  type MemberRecord,
  type MessageRecord,
  NO_GUILD,
  type RoleRecord,
  type UserRecord,
} from '../records.ts';
import type { RecordKind } from '../state.ts';

const id = z.string().min(1);
const time = z.number().finite();
/** A guild id, or {@link NO_GUILD} for a DM channel and its messages. */
const guildOrNone = z.union([id, z.literal(NO_GUILD)]);

const overwrite: z.ZodType<Overwrite> = z.object({
  id,
  type: z.union([z.literal(0), z.literal(1)]),
  allow: z.bigint(),
  deny: z.bigint(),
});

const user: z.ZodType<UserRecord> = z.object({
  id,
  username: z.string(),
  globalName: z.string().nullable(),
  bot: z.boolean(),
});

const guild: z.ZodType<GuildRecord> = z.object({
  id,
  name: z.string(),
  ownerId: id,
  systemChannelId: id.nullable(),
  createdAt: time,
});

const channel: z.ZodType<ChannelRecord> = z.object({
  id,
  guildId: guildOrNone,
  name: z.string(),
  type: z.union([z.literal(0), z.literal(1), z.literal(11), z.literal(12), z.literal(15)]),
  position: z.number(),
  topic: z.string().nullable(),
  overwrites: z.array(overwrite),
  lastMessageId: id.nullable(),
  parentId: id.nullable().optional(),
  thread: z
    .object({
      ownerId: id,
      archived: z.boolean(),
      locked: z.boolean(),
      autoArchiveMinutes: z.number(),
      archiveChangedAt: time,
      createdAt: time,
      memberIds: z.array(id),
      messageCount: z.number(),
    })
    .optional(),
  rateLimitPerUser: z.number().optional(),
  nsfw: z.boolean().optional(),
  recipientIds: z.array(id).optional(),
});

const role: z.ZodType<RoleRecord> = z.object({
  id,
  guildId: id,
  name: z.string(),
  color: z.number(),
  hoist: z.boolean(),
  position: z.number(),
  permissions: z.bigint(),
  managed: z.boolean(),
  mentionable: z.boolean(),
  botId: id.optional(),
});

const member: z.ZodType<MemberRecord> = z.object({
  guildId: id,
  userId: id,
  nick: z.string().nullable(),
  roleIds: z.array(id),
  joinedAt: time,
  communicationDisabledUntil: time.nullable(),
});

const ban: z.ZodType<BanRecord> = z.object({
  guildId: id,
  userId: id,
  reason: z.string().nullable(),
  actorId: id,
  at: time,
});

const message: z.ZodType<MessageRecord> = z.object({
  id,
  channelId: id,
  guildId: guildOrNone,
  authorId: id,
  content: z.string(),
  type: z.number().int(),
  createdAt: time,
  editedAt: time.nullable(),
  referencedMessageId: id.nullable(),
  mentionUserIds: z.array(id),
  mentionRoleIds: z.array(id),
  mentionEveryone: z.boolean(),
  nonce: z.union([z.string(), z.number()]).nullable(),
  reactions: z.array(
    z.object({ emoji: z.object({ id: id.nullable(), name: z.string() }), userIds: z.array(id) }),
  ),
  rawFields: z.record(z.string(), z.unknown()).optional(),
});

const actionTypes = Object.values(AuditLogAction);
const audit: z.ZodType<AuditLogRecord> = z.object({
  id,
  guildId: id,
  actionType: z
    .number()
    .refine((value): value is AuditLogRecord['actionType'] => (actionTypes as number[]).includes(value)),
  actorId: id,
  targetId: id.nullable(),
  reason: z.string().nullable(),
  changes: z.array(
    z.object({ key: z.string(), old_value: z.unknown().optional(), new_value: z.unknown().optional() }),
  ),
  options: z.record(z.string(), z.string()).optional(),
  at: time,
});

/** The schema of each kind of saved record. */
export const RECORD_SCHEMAS: Record<RecordKind, z.ZodType> = {
  user,
  guild,
  channel,
  role,
  member,
  ban,
  message,
  audit,
};

/** True when `kind` is a kind of record the playground saves. */
export function isRecordKind(kind: string): kind is RecordKind {
  return Object.hasOwn(RECORD_SCHEMAS, kind);
}
