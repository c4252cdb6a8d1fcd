import { SimulatedClock } from 'xstate';
import { runAgentThread } from '../../../actors/agent-thread/run-thread.ts';
import { createMemoryStepLog } from '../../../actors/agent-thread/step-log.ts';
import type { HistoryMessage } from '../../../src/discord/port.ts';
import { defaultGuildPolicy } from '../../../src/domain/guild-policy.ts';
import { DemoChatModel } from '../../../src/llm/demo-model.ts';
import { silentLogger } from '../../../src/logger.ts';
import { createMemoryAuditSink } from '../../../src/tools/audit-sink.ts';
import { createToolExecutor } from '../../../src/tools/executor.ts';
import { FakeDiscordActions } from '../../support/fake-discord-actions.ts';
import { batchMessage, IDS, WORLD } from '../../tools/fixtures/world.ts';

/**
 * The demo model in the real agent loop with the real tool executor (validation, authorisation,
 * audit) over the in-memory Discord of the tool tests: Moderator mona (6) may moderate; ursula and
 * sam are Regular (1); hugo has Helper (4); hana, Head Mod (8), ranks above Ery (7).
 */
export const NOW = 1_700_000_100_000;

export const { mod: MONA, member: URSULA, spammer: SAM, helper: HUGO, headMod: HANA, owner: OLIVIA } = IDS;

export function demoServer() {
  const discord = new FakeDiscordActions(WORLD);
  const audit = createMemoryAuditSink();
  const clock = new SimulatedClock();
  clock.set(NOW);
  const executor = createToolExecutor({
    actions: discord,
    audit,
    policyFor: () => defaultGuildPolicy,
    now: () => NOW,
  });
  let nextId = 3000;
  const post = (authorId: string, content: string, replyToId: string | null = null): HistoryMessage => {
    const message = { ...batchMessage(String(nextId++), authorId, content), replyToId };
    discord.messages.get(IDS.general)?.push(message);
    return message;
  };

  /** `authorId` writes `content` to Ery; one agent thread runs on it to its end. */
  async function ask(
    authorId: string,
    content: string,
    options: { replyToId?: string; addressed?: boolean } = {},
  ) {
    const posted = post(authorId, content, options.replyToId ?? null);
    const message = {
      ...batchMessage(posted.id, authorId, content, { mentionsBot: options.addressed ?? true }),
    };
    message.replyToId = posted.replyToId;
    const mutationsBefore = discord.mutations.length;
    const auditBefore = audit.rows.length;
    const output = await runAgentThread(
      {
        model: new DemoChatModel(),
        tools: executor,
        history: (input, signal) => discord.fetchMessages(input, signal),
        steps: createMemoryStepLog(),
        logger: silentLogger,
        self: { id: () => IDS.bot, name: 'Ery' },
        clock,
      },
      { channelId: IDS.general, guildId: IDS.guild, messages: [message], threadId: `t-${message.id}` },
      new AbortController().signal,
    );
    const changes = discord.mutations.slice(mutationsBefore);
    const sent = changes.filter((call) => call.method === 'sendMessage').map((call) => call.input);
    return {
      output,
      replies: sent.filter((input) => input.replyToId === message.id).map((input) => String(input.content)),
      sent: sent.map((input) => String(input.content)),
      moderation: changes.filter((call) => !['sendMessage', 'addReaction'].includes(call.method)),
      audit: audit.rows.slice(auditBefore).map((row) => [row.tool, row.decision, row.outcome]),
    };
  }
  return { discord, audit, ask, post };
}
