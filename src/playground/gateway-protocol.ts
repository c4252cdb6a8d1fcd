/** Gateway constants and the shapes shared by the gateway and the actions that dispatch through it. */

/** Gateway intents (bit values from Discord's docs). */
export const Intents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildModeration: 1 << 2,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  GuildMessageTyping: 1 << 11,
  DirectMessages: 1 << 12,
  DirectMessageReactions: 1 << 13,
  DirectMessageTyping: 1 << 14,
  MessageContent: 1 << 15,
} as const;

/** Gateway opcodes. */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** Per-socket data Bun keeps for us. */
export interface GatewaySocketData {
  connId: number;
  sessionId: string | null;
}

/** What a dispatch builder learns about the session it builds for. */
export interface SessionView {
  id: string;
  userId: string;
  intents: number;
}

/** How one dispatch is routed. */
export interface DispatchSpec {
  t: string;
  guildId: string;
  /** Sessions without this intent do not get the event. */
  intent?: number;
  /** Only sessions whose user can view this channel get it. */
  channelId?: string;
  /** The user the event is about; that user's own sessions get it regardless of `intent`. */
  aboutUserId?: string;
  /** The payload for one session, or undefined to skip that session. */
  build: (session: SessionView) => unknown;
}
