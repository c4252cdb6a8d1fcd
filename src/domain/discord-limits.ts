/**
 * Discord's limits that Ery checks on both sides of its Discord port: the tools validate a model's
 * input against them, the Discord adapter refuses a call past them before it reaches REST.
 * One definition each (issue 8, item 6). The playground, which plays Discord, keeps its own copies
 * on purpose: a fake that shared them would agree with any mistake here.
 */

/**
 * Most message history a ban may delete: 7 days, in seconds (`delete_message_seconds`, 0 to 604800:
 * https://discord.com/developers/docs/resources/guild#create-guild-ban).
 */
export const MAX_BAN_DELETE_SECONDS = 7 * 24 * 60 * 60;

/**
 * Longest timeout Discord accepts: 28 days, in seconds (`communication_disabled_until`:
 * https://discord.com/developers/docs/resources/guild#modify-guild-member).
 */
export const MAX_TIMEOUT_SECONDS = 28 * 24 * 60 * 60;

/**
 * Longest message nonce Discord accepts, in characters
 * (https://discord.com/developers/docs/resources/message#create-message).
 */
export const MAX_NONCE_LENGTH = 25;

/**
 * Longest message content Discord accepts, in characters (UTF-16 code units)
 * (https://discord.com/developers/docs/resources/message#create-message).
 */
export const MAX_MESSAGE_LENGTH = 2000;
