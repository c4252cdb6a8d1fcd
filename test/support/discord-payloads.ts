/**
 * Raw Discord message payloads as the gateway sends them (issue 7 §3 and beyond), for
 * `playground.injectMessage`. Shapes follow https://discord.com/developers/docs/resources/message;
 * names and ids are made up.
 */
import type { InjectMessageInput } from '../../src/playground/index.ts';

/** What a payload sets: everything but where and by whom. */
export type Payload = Omit<InjectMessageInput, 'channelId' | 'authorId'>;

/** Message flags (https://discord.com/developers/docs/resources/message#message-object-message-flags). */
export const Flags = { IsVoiceMessage: 1 << 13, HasSnapshot: 1 << 14 } as const;

let next = 0;
/** A fresh snowflake-shaped id for attachments and stickers. */
const id = () => `13${String(Date.now()).slice(-8)}${String(++next).padStart(8, '0')}`;

/** An attachment object. */
export function attachment(filename: string, contentType: string | null, size: number) {
  return {
    id: id(),
    filename,
    size,
    url: `https://cdn.discordapp.com/attachments/1/2/${filename}`,
    proxy_url: `https://media.discordapp.net/attachments/1/2/${filename}`,
    ...(contentType === null ? {} : { content_type: contentType }),
  };
}

/** An embed object with the readable fields. */
export function embed(fields: {
  title?: string;
  description?: string;
  url?: string;
  fields?: Array<{ name: string; value: string }>;
}) {
  return { type: 'rich', ...fields };
}

/** Where a `message_reference` points. */
export interface Original {
  channelId: string;
  guildId: string;
  messageId: string;
}

/** A `message_reference` of `type` (0 DEFAULT: a reply, a crosspost, a pin; 1 FORWARD). */
export function reference(original: Original, type: 0 | 1 = 0) {
  return {
    type,
    message_id: original.messageId,
    channel_id: original.channelId,
    guild_id: original.guildId,
  };
}

/**
 * The forward: `content ""`, `message_reference.type` 1 (FORWARD), flag HAS_SNAPSHOT, the
 * text in `message_snapshots[0].message.content`; `inner` adds fields to the snapshot.
 */
export function forward(source: Original, text: string, inner: Record<string, unknown> = {}): Payload {
  return {
    type: 0,
    content: '',
    fields: {
      flags: Flags.HasSnapshot,
      message_reference: reference(source, 1),
      message_snapshots: [
        {
          message: {
            type: 0,
            content: text,
            embeds: [],
            attachments: [],
            timestamp: new Date(0).toISOString(),
            edited_timestamp: null,
            flags: 0,
            mentions: [],
            mention_roles: [],
            ...inner,
          },
        },
      ],
    },
  };
}

/** A voice message: flag IS_VOICE_MESSAGE and one audio attachment with `duration_secs`. */
export function voiceMessage(durationSecs: number): Payload {
  return {
    type: 0,
    content: '',
    fields: {
      flags: Flags.IsVoiceMessage,
      attachments: [
        {
          ...attachment('voice-message.ogg', 'audio/ogg', 48_213),
          duration_secs: durationSecs,
          waveform: 'AAAA',
        },
      ],
    },
  };
}

/** A message with only stickers (`sticker_items`). */
export function stickers(...names: string[]): Payload {
  return {
    type: 0,
    content: '',
    fields: { sticker_items: names.map((name) => ({ id: id(), name, format_type: 1 })) },
  };
}

/** A poll message: the question and answer texts in `poll_media`. */
export function poll(question: string, answers: string[]): Payload {
  return {
    type: 0,
    content: '',
    fields: {
      poll: {
        question: { text: question },
        answers: answers.map((text, index) => ({ answer_id: index + 1, poll_media: { text } })),
        expiry: new Date(Date.now() + 86_400_000).toISOString(),
        allow_multiselect: false,
        layout_type: 1,
      },
    },
  };
}

/**
 * A system message of `type` with the fields Discord gives it, e.g. the pin notice: type 6,
 * `content ""`, a `message_reference` and no `referenced_message`.
 */
export function systemMessage(type: number, content = '', fields: Record<string, unknown> = {}): Payload {
  return { type, content, fields };
}

/** The pin notice of `pinned`, a message in `channelId`. */
export function pinNotice(pinned: Original): Payload {
  return systemMessage(6, '', { message_reference: reference(pinned) });
}

/**
 * An app's answer to a slash command (type 20): who used which command, in `interaction_metadata`
 * and the older `interaction`.
 */
export function commandAnswer(answer: string, command: string, user: { id: string; name: string }): Payload {
  const apiUser = {
    id: user.id,
    username: user.name.toLowerCase(),
    discriminator: '0',
    global_name: user.name,
    avatar: null,
  };
  const interactionId = id();
  return systemMessage(20, answer, {
    interaction: { id: interactionId, type: 2, name: command, user: apiUser },
    interaction_metadata: { id: interactionId, type: 2, user: apiUser, authorizing_integration_owners: {} },
  });
}

/**
 * An AutoMod alert (type 24): authored by the member who broke the rule, its embed of type
 * `auto_moderation_message` holds the flagged text and the rule in fields.
 */
export function autoModAlert(flagged: string, ruleName: string, channelId: string): Payload {
  return systemMessage(24, '', {
    embeds: [
      {
        type: 'auto_moderation_message',
        description: flagged,
        fields: [
          { name: 'rule_name', value: ruleName, inline: false },
          { name: 'channel_id', value: channelId, inline: false },
          { name: 'decision_outcome', value: 'blocked', inline: false },
          { name: 'keyword_matched_content', value: flagged.split(' ')[0] ?? '', inline: false },
        ],
      },
    ],
  });
}

/** A poll result (type 46): its embed of type `poll_result` holds the question and winner in fields. */
export function pollResult(question: string, winner: string, votes: number, total: number): Payload {
  return systemMessage(46, '', {
    embeds: [
      {
        type: 'poll_result',
        fields: [
          { name: 'poll_question_text', value: question, inline: false },
          { name: 'victor_answer_text', value: winner, inline: false },
          { name: 'victor_answer_votes', value: String(votes), inline: false },
          { name: 'total_votes', value: String(total), inline: false },
        ],
      },
    ],
  });
}
