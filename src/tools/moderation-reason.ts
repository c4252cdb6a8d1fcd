/** Discord keeps at most this many characters of an audit-log reason. */
export const DISCORD_REASON_LIMIT = 512;

/**
 * The reason Ery writes to Discord's audit log: the model's reason plus who asked, so moderators
 * reading Discord's own log see the human behind each action (or that Ery acted on its own).
 */
export function discordReason(reason: string, requester: { userId: string; name: string } | null): string {
  const by =
    requester === null ? ' (Ery, autonomous)' : ` (asked by ${requester.name} ${requester.userId}, via Ery)`;
  const room = DISCORD_REASON_LIMIT - by.length;
  const text = reason.length > room ? `${reason.slice(0, room - 1)}…` : reason;
  return `${text}${by}`;
}
