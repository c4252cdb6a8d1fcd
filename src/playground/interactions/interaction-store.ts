/**
 * Interactions as Discord runs them: a person invokes a command (or types into an autocompleted
 * option), INTERACTION_CREATE goes to the application's bot over the gateway, and the bot answers
 * through the callback route and the interaction webhook
 * (https://discord.com/developers/docs/interactions/receiving-and-responding). Non-ephemeral
 * replies become channel messages; ephemeral ones are kept here and shown only to the invoker.
 */

import type { ActionContext } from '../actions/context.ts';
import { publishMessage } from '../actions/messages.ts';
import { ApiError, Errors } from '../errors.ts';
import type { MessageRecord } from '../records.ts';
import type { Json } from '../serialize.ts';
import { apiMessage } from '../serialize-message.ts';
import { type CommandLine, InteractionInputError, resolveCommand } from './command-input.ts';
import type { CommandRegistry } from './command-registry.ts';
import {
  CallbackType,
  EPHEMERAL,
  INITIAL_RESPONSE_MS,
  type InteractionRecord,
  InteractionType,
  interactionPayload,
  replyMessage,
  TOKEN_LIFETIME_MS,
} from './interaction-payload.ts';

export { CallbackType, EPHEMERAL, INITIAL_RESPONSE_MS, InteractionType, TOKEN_LIFETIME_MS };

/** A reply to an interaction as the invoker sees it. */
export interface InteractionReply {
  messageId: string;
  content: string;
  ephemeral: boolean;
}

/** Someone running a command in a channel (see {@link parseCommandLine} for the text form). */
export interface InvokeInput extends CommandLine {
  userId: string;
  channelId: string;
}

/** Every interaction of one playground, by id and by token. */
export class InteractionStore {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly ctx: ActionContext,
    private readonly commands: CommandRegistry,
    private readonly applicationId: string,
  ) {}

  /**
   * Runs a command as `input.userId`: resolves when the bot's first reply has content (a message,
   * or the edit after a deferral), rejects with INTERACTION_TIMEOUT when none comes in `timeoutMs`
   * (Discord gives 3 s to acknowledge; after a deferral the reply may come later).
   */
  async invoke(input: InvokeInput, timeoutMs = 10_000): Promise<InteractionReply> {
    const record = this.#create(input, InteractionType.ApplicationCommand);
    const event = await this.#wait(
      (e) => e.type === 'interaction.replied' && e.interactionId === record.id && !e.followup,
      timeoutMs,
      `/${input.path.join(' ')}: the application did not respond.`,
    );
    return (event as { reply: InteractionReply }).reply;
  }

  /** Asks the bot for choices while `focused` is being typed; resolves with them (at most 25). */
  async autocomplete(input: InvokeInput & { focused: string }, timeoutMs = INITIAL_RESPONSE_MS) {
    const record = this.#create(input, InteractionType.Autocomplete, input.focused);
    const event = await this.#wait(
      (e) => e.type === 'interaction.autocompleted' && e.interactionId === record.id,
      timeoutMs,
      `/${input.path.join(' ')}: the application sent no choices for ${input.focused}.`,
    );
    return (event as { choices: Array<{ name: string; value: string | number }> }).choices;
  }

  /** `POST /interactions/{id}/{token}/callback`. */
  callback(id: string, token: string, body: Record<string, unknown>, withResponse: boolean): unknown {
    const record = this.#byId.get(id);
    // Past its first 3 s an unanswered interaction is gone, as on Discord ("did not respond").
    if (!record || record.token !== token || this.ctx.now() - record.createdAt > INITIAL_RESPONSE_MS)
      throw new ApiError(404, 10062, 'Unknown interaction');
    if (record.acknowledged !== 'no')
      throw new ApiError(400, 40060, 'Interaction has already been acknowledged.');
    const data = (body.data ?? {}) as Record<string, unknown>;
    const type = Number(body.type);
    if (record.type === InteractionType.Autocomplete) {
      if (type !== CallbackType.AutocompleteResult) throw invalidType();
      const choices = Array.isArray(data.choices) ? data.choices : [];
      if (choices.length > 25)
        throw Errors.invalidForm('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      record.acknowledged = 'replied';
      this.ctx.events.emit({
        ...this.#base(record),
        type: 'interaction.autocompleted',
        interactionId: id,
        choices: choices as never,
      });
      return undefined;
    }
    record.ephemeral = (Number(data.flags ?? 0) & EPHEMERAL) !== 0;
    if (type === CallbackType.DeferredMessage) record.acknowledged = 'deferred';
    else if (type === CallbackType.Message) {
      record.acknowledged = 'replied';
      record.original = this.#reply(record, data, record.ephemeral, false);
    } else throw invalidType();
    if (!withResponse) return undefined;
    return {
      interaction: {
        id,
        type: record.type,
        activity_instance_id: null,
        response_message_id: record.original?.id ?? null,
        response_message_loading: type === CallbackType.DeferredMessage,
        response_message_ephemeral: record.ephemeral,
      },
      resource: { type, ...(record.original ? { message: this.#json(record.original, record) } : {}) },
    };
  }

  /** `GET` / `PATCH /webhooks/{app}/{token}/messages/@original`: the original reply, edited. */
  original(applicationId: string, token: string, patch?: Record<string, unknown>): Json {
    const record = this.#byWebhook(applicationId, token);
    if (patch === undefined) {
      if (!record.original) throw Errors.unknownMessage();
      return this.#json(record.original, record);
    }
    if (record.acknowledged === 'no') throw new ApiError(404, 10062, 'Unknown interaction');
    if (!record.original) {
      record.acknowledged = 'replied';
      record.original = this.#reply(record, patch, record.ephemeral, false);
      return this.#json(record.original, record);
    }
    const edited = record.original;
    if (typeof patch.content === 'string') edited.content = patch.content;
    edited.editedAt = this.ctx.now();
    this.ctx.events.emit({
      ...this.#base(record),
      type: 'interaction.replied',
      interactionId: record.id,
      followup: false,
      reply: view(edited, record.ephemeral),
    });
    return this.#json(edited, record);
  }

  /** `POST /webhooks/{app}/{token}`: a followup message. */
  followup(applicationId: string, token: string, body: Record<string, unknown>): Json {
    const record = this.#byWebhook(applicationId, token);
    if (record.acknowledged === 'no') throw new ApiError(404, 10015, 'Unknown Webhook');
    const message = this.#reply(record, body, (Number(body.flags ?? 0) & EPHEMERAL) !== 0, true);
    record.followups.push(message);
    return this.#json(message, record);
  }

  #create(input: InvokeInput, type: number, focused?: string): InteractionRecord {
    const { store } = this.ctx;
    const channel = store.channel(input.channelId);
    if (!channel)
      throw new InteractionInputError(
        'INTERACTION_UNKNOWN_CHANNEL',
        `No channel ${input.channelId} in the playground.`,
      );
    const member = store.member(channel.guildId, input.userId);
    if (!member)
      throw new InteractionInputError(
        'INTERACTION_NOT_A_MEMBER',
        `User ${input.userId} is not a member of that server.`,
      );
    const name = input.path[0] ?? '';
    const command = this.commands.find(this.applicationId, channel.guildId, name);
    if (!command)
      throw new InteractionInputError(
        'INTERACTION_UNKNOWN_COMMAND',
        `/${name} is not a command in this server. Its commands: ${
          this.commands
            .visibleIn(channel.guildId)
            .map((c) => `/${c.name}`)
            .join(', ') || 'none yet'
        }.`,
      );
    const resolved = resolveCommand(command, input, focused);
    const record: InteractionRecord = {
      id: this.ctx.ids.next(),
      token: `aW50ZXJhY3Rpb24.${crypto.randomUUID().replaceAll('-', '')}`,
      applicationId: this.applicationId,
      type,
      guildId: channel.guildId,
      channelId: channel.id,
      userId: input.userId,
      commandName: name,
      createdAt: this.ctx.now(),
      acknowledged: 'no',
      ephemeral: false,
      original: null,
      followups: [],
    };
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
    const payload = interactionPayload(this.ctx, record, command, resolved.options);
    this.ctx.gateway.dispatch({
      t: 'INTERACTION_CREATE',
      guildId: channel.guildId,
      // Only the application's own bot hears of its interactions.
      build: (session) => (session.userId === record.applicationId ? payload : undefined),
    });
    this.ctx.events.emit({
      ...this.#base(record),
      type: 'interaction.created',
      interactionId: record.id,
      kind: type === InteractionType.Autocomplete ? 'autocomplete' : 'command',
      commandName: name,
    });
    return record;
  }

  #reply(
    record: InteractionRecord,
    data: Record<string, unknown>,
    ephemeral: boolean,
    followup: boolean,
  ): MessageRecord {
    const content = typeof data.content === 'string' ? data.content : '';
    if (content.length > 2000)
      throw Errors.invalidForm('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
    if (content === '' && !Array.isArray(data.embeds)) throw Errors.emptyMessage();
    const message = replyMessage(this.ctx, record, content, ephemeral, followup);
    // Ephemeral messages exist only for the invoker: never stored in the channel nor dispatched.
    if (!ephemeral) publishMessage(this.ctx, message);
    this.ctx.events.emit({
      ...this.#base(record),
      type: 'interaction.replied',
      interactionId: record.id,
      followup,
      reply: view(message, ephemeral),
    });
    return message;
  }

  #json(message: MessageRecord, record: InteractionRecord): Json {
    return apiMessage(this.ctx.store, message, { viewerId: record.applicationId }) as Json;
  }

  #byWebhook(applicationId: string, token: string): InteractionRecord {
    const record = this.#byToken.get(token);
    if (
      !record ||
      record.applicationId !== applicationId ||
      this.ctx.now() - record.createdAt > TOKEN_LIFETIME_MS
    )
      throw new ApiError(404, 10015, 'Unknown Webhook');
    return record;
  }

  #base(record: InteractionRecord) {
    return { actorId: record.userId, guildId: record.guildId, channelId: record.channelId };
  }

  async #wait(
    predicate: Parameters<ActionContext['events']['waitFor']>[0],
    timeoutMs: number,
    message: string,
  ) {
    try {
      return await this.ctx.events.waitFor(predicate, timeoutMs);
    } catch {
      throw new InteractionInputError('INTERACTION_TIMEOUT', `${message} Is the bot running and logged in?`);
    }
  }
}

const view = (m: MessageRecord, ephemeral: boolean): InteractionReply => ({
  messageId: m.id,
  content: m.content,
  ephemeral,
});
const invalidType = () =>
  Errors.invalidForm('type', 'BASE_TYPE_CHOICES', 'Value must be one of {4, 5, 8} for this interaction.');
