/*
 * discord.js patches its shared caches from every message it reads: the author into the user cache
 * (Ery's own user included), `member` and each mention's `member` into the server's member cache. A
 * field of the wrong type patched there outlives the message (found by
 * test/fuzz/gateway-messages.fuzz.test.ts: a message "by Ery" with `member.roles: null` set Ery's own
 * member's roles to null, and every later message failed to read which roles stand for Ery). Real
 * Discord sends none of these; a proxy or an API change might. Such fields are removed before
 * discord.js reads the message, so the cache keeps what it had.
 */

type Check = (value: unknown) => boolean;

const snowflake: Check = (v) => typeof v === 'string' && /^\d{1,20}$/.test(v);
const text: Check = (v) => typeof v === 'string';
const textOrNull: Check = (v) => v === null || typeof v === 'string';
const flag: Check = (v) => typeof v === 'boolean';
const count: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v);
const countOrNull: Check = (v) => v === null || count(v);
const objectOrNull: Check = (v) => v === null || (typeof v === 'object' && !Array.isArray(v));
/** An ISO 8601 timestamp (Discord's), or null: discord.js reads it with Date.parse. */
const timeOrNull: Check = (v) => v === null || (typeof v === 'string' && Number.isFinite(Date.parse(v)));
const snowflakes: Check = (v) => Array.isArray(v) && v.every(snowflake);

/** The user fields discord.js's User#_patch copies (discord.js 14.28, src/structures/User.js). */
const USER: Record<string, Check> = {
  username: text,
  global_name: textOrNull,
  bot: flag,
  system: flag,
  discriminator: text,
  avatar: textOrNull,
  banner: textOrNull,
  accent_color: countOrNull,
  public_flags: count,
  flags: count,
  avatar_decoration_data: objectOrNull,
};

/** The member fields discord.js's GuildMember#_patch copies (src/structures/GuildMember.js). */
const MEMBER: Record<string, Check> = {
  nick: textOrNull,
  avatar: textOrNull,
  banner: textOrNull,
  joined_at: timeOrNull,
  premium_since: timeOrNull,
  communication_disabled_until: timeOrNull,
  roles: snowflakes,
  pending: flag,
  flags: count,
  deaf: flag,
  mute: flag,
  permissions: text,
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deletes the fields of `record` that fail their check; returns their names, prefixed `at`. */
function strip(record: Record<string, unknown>, checks: Record<string, Check>, at: string): string[] {
  const dropped: string[] = [];
  for (const [field, ok] of Object.entries(checks)) {
    if (field in record && !ok(record[field])) {
      delete record[field];
      dropped.push(`${at}.${field}`);
    }
  }
  return dropped;
}

/** Cleans a user object in place, or reports it unusable (no snowflake id) with `null`. */
function cleanUser(user: unknown, at: string): string[] | null {
  if (!isRecord(user) || !snowflake(user.id)) return null;
  return strip(user, USER, at);
}

/** Cleans a member object in place; a member that is not an object is removed from `owner`. */
function cleanMember(owner: Record<string, unknown>, at: string): string[] {
  if (!('member' in owner)) return [];
  const member = owner.member;
  if (!isRecord(member)) {
    delete owner.member;
    return [at];
  }
  const dropped = strip(member, MEMBER, at);
  if ('user' in member) {
    const user = cleanUser(member.user, `${at}.user`);
    if (user === null) {
      delete member.user;
      dropped.push(`${at}.user`);
    } else dropped.push(...user);
  }
  return dropped;
}

/**
 * Removes, in place, the fields of raw message `raw` (a gateway dispatch's `d` or a REST message)
 * that discord.js would copy into its shared user and member caches with the wrong type: author,
 * `member`, `mentions[]` (and their `member`), and the same inside `referenced_message`. A mention
 * that is not a user with a snowflake id is removed from the list. Returns the dotted paths removed
 * (empty when the message was well formed), or `null` when the author itself is not a user with a
 * snowflake id (absent is fine), so the message cannot be attributed and should be skipped. Never
 * throws.
 */
export function cleanCacheFields(raw: Record<string, unknown>, at = ''): string[] | null {
  // An update may come without its author (an embed resolved later): nothing to patch then.
  const dropped = raw.author === undefined ? [] : cleanUser(raw.author, `${at}author`);
  if (dropped === null) return null;
  dropped.push(...cleanMember(raw, `${at}member`));
  if (Array.isArray(raw.mentions)) {
    const kept = raw.mentions.filter((mention, index) => {
      const user = cleanUser(mention, `${at}mentions.${index}`);
      if (user === null) dropped.push(`${at}mentions.${index}`);
      else
        dropped.push(
          ...user,
          ...cleanMember(mention as Record<string, unknown>, `${at}mentions.${index}.member`),
        );
      return user !== null;
    });
    raw.mentions = kept;
  }
  if (isRecord(raw.referenced_message)) {
    const inner = cleanCacheFields(raw.referenced_message, `${at}referenced_message.`);
    if (inner === null) {
      delete raw.referenced_message;
      dropped.push(`${at}referenced_message`);
    } else dropped.push(...inner);
  }
  return dropped;
}
