import { describe, expect, test } from 'bun:test';
import { captureLogger } from '../../support/capture-logger.ts';
import { setup as toolSetup } from '../../tools/fixtures/harness.ts';
import { BATCH, IDS } from '../../tools/fixtures/world.ts';
import { run, server, setup, useOpenAIServer } from './agent-thread.fixtures.ts';

useOpenAIServer();

describe('GIVEN an agent thread on the real tool pipeline', () => {
  test('WHEN a reply has more tool calls than run per reply THEN every call is audited, the extra ones as denied and skipped with the reason', async () => {
    const tools = toolSetup();
    const { logger, lines } = captureLogger();
    const { deps } = setup({ tools: tools.executor, maxToolCallsPerStep: 2, logger });
    const calls = ['1', '2', '3', '4'].map((n) => ({
      id: `call-${n}`,
      name: n === '4' ? 'made_up_tool' : 'add_reaction',
      arguments: { message_id: BATCH[0]?.id, emoji: '👍' },
    }));
    server.script('agent', { reply: { toolCalls: calls } }, { reply: { content: null } });
    const output = await run(deps, {
      channelId: IDS.general,
      guildId: IDS.guild,
      messages: BATCH,
      threadId: 'audited',
    });
    expect(tools.audit.rows.map((row) => row.callId)).toEqual(calls.map((call) => call.id));
    const [third, fourth] = tools.audit.rows.slice(2);
    for (const row of [third, fourth]) {
      expect(row).toMatchObject({ threadId: 'audited', step: 1, decision: 'denied', outcome: 'skipped' });
      expect(row?.reason).toContain('at most 2 run per reply');
    }
    // The model's own tool name is kept, even for a tool that does not exist.
    expect(fourth?.tool).toBe('made_up_tool');
    expect(output.toolCalls.slice(2).map((call) => [call.decision, call.ok])).toEqual([
      ['denied', false],
      ['denied', false],
    ]);
    const told = (server.requests[1]?.body.messages ?? []).filter((m) => m.role === 'tool').slice(2);
    expect(told.map((m) => JSON.parse(String(m.content)).error.code)).toEqual(['SKIPPED', 'SKIPPED']);
    const results = lines.filter((line) => line.event === 'agent.tool.result').map((line) => line.msg);
    expect(results.slice(2)).toEqual(['tool add_reaction: denied', 'tool made_up_tool: denied']);
  });
});
