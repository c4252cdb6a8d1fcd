/**
 * The `SlashHandler` port: what the Discord connection calls for `/ery` interactions, in Ery's own
 * terms (no discord.js objects). Owned by src/discord/slash, implemented by src/app/slash.
 */

/** A channel or role by id and name, as the server's cache knows it (for parsing and suggestions). */
export interface NamedItem {
  id: string;
  name: string;
}

/** A role, and why Ery cannot give or take it when it cannot (`/ery config autonomous.add_role`). */
export interface RoleItem extends NamedItem {
  /** Says what to change in the server, e.g. that the role is above Ery's highest; absent: Ery can. */
  unassignable?: string;
}

/** One `/ery ...` invocation. */
export interface SlashRequest {
  guildId: string;
  channelId: string;
  userId: string;
  /** The invoker's permissions in the channel (the interaction's `member.permissions`). */
  memberPermissions: bigint;
  /** The subcommand path below `/ery`, e.g. `['config', 'set']` or `['status']`. */
  path: string[];
  /** Option name → value as Discord sent it. */
  options: Readonly<Record<string, string | number | boolean>>;
  /** The server's text channels and roles (from the gateway cache). */
  channels: readonly NamedItem[];
  roles: readonly RoleItem[];
}

/** The answer to a command; `ephemeral` replies are shown to the invoker only. */
export interface SlashAnswer {
  content: string;
  ephemeral: boolean;
}

/** A suggestion for an autocompleted option (Discord: at most 25, names up to 100 characters). */
export interface SlashChoice {
  name: string;
  value: string;
}

/** Handles `/ery`; errors thrown are logged and answered with a short ephemeral apology. */
export interface SlashHandler {
  command(request: SlashRequest): SlashAnswer | Promise<SlashAnswer>;
  /** Choices while `focused` is typed; the other options hold what was typed so far. */
  autocomplete(request: SlashRequest, focused: { name: string; value: string }): SlashChoice[];
}
