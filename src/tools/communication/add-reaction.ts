import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { snowflake } from '../fields.ts';

const CUSTOM_EMOJI = /^(?:<a?:\w{2,32}:\d{1,20}>|\w{2,32}:\d{1,20})$/;
// One unicode emoji (with its modifiers and joiners): no spaces, and at least one pictograph,
// flag letter or keycap, so words like "thumbs" are refused here rather than by Discord.
const UNICODE_EMOJI = /^(?=.*(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3))[^\s<>:]{1,32}$/u;

/** A unicode emoji, or a custom one as `<:name:id>`, `<a:name:id>` or `name:id`. */
const Emoji = z
  .string()
  .trim()
  .min(1, 'give an emoji')
  .refine(
    (emoji) => CUSTOM_EMOJI.test(emoji) || UNICODE_EMOJI.test(emoji),
    'expected one emoji like 👍 or <:name:id>',
  );

/** Strips the brackets of a custom emoji: Discord's reaction route takes `name:id`. */
function toReactionEmoji(emoji: string): string {
  const custom = /^<a?:(\w{2,32}:\d{1,20})>$/.exec(emoji);
  return custom?.[1] ?? emoji;
}

/** Reacts to a message of the channel Ery is working in. */
export default defineTool({
  file: import.meta.url,
  name: 'add_reaction',
  category: 'communication',
  description:
    'React to one message of this channel with an emoji: a quiet acknowledgement that needs no reply. ' +
    'Use a unicode emoji such as 👍 or a custom emoji of this server as <:name:id>.',
  input: z.object({
    message_id: snowflake('Id of the message in this channel to react to.'),
    emoji: Emoji.describe('One emoji: unicode like 👍, or a custom emoji as <:name:id>.'),
  }),
  permission: { kind: 'none' },
  async run(input, call) {
    await call.actions.addReaction(
      { channelId: call.channelId, messageId: input.message_id, emoji: toReactionEmoji(input.emoji) },
      call.signal,
    );
    return { reacted: true, message_id: input.message_id, emoji: input.emoji };
  },
});
