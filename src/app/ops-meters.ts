import { type ChatModel, LlmError } from '../llm/chat-model.ts';
import type { OpsMetrics } from './ops-metrics.ts';

/**
 * The ops metrics' decorators of Ery's ports, applied where the app is composed (run.ts, core.ts,
 * live-agent.ts) so the parts they count stay unaware of them: each wraps a port and passes every
 * call through unchanged.
 */

/**
 * A {@link ChatModel} that times every call (`ery_model_request_duration_seconds`, outcome `ok`,
 * `aborted` or `error`) and counts the tokens each answer reports (`ery_model_tokens_total`).
 * Steps a resumed thread replays from its step log call no model, so they are not counted.
 */
export function meteredChatModel(model: ChatModel, metrics: OpsMetrics): ChatModel {
  return {
    get label() {
      return model.label;
    },
    async complete(request, signal) {
      const stop = metrics.modelLatency.startTimer();
      try {
        const response = await model.complete(request, signal);
        stop({ outcome: 'ok' });
        metrics.modelTokens.inc({ kind: 'prompt' }, response.usage.promptTokens);
        metrics.modelTokens.inc({ kind: 'completion' }, response.usage.completionTokens);
        return response;
      } catch (error) {
        stop({ outcome: error instanceof LlmError && error.code === 'LLM_ABORTED' ? 'aborted' : 'error' });
        throw error;
      }
    },
  };
}

/** What the tool-call counter reads of an audit row. */
interface AuditedCall {
  tool: string;
  decision: string;
}

/**
 * An audit sink that counts each row it stores in `ery_tool_calls_total` by tool and decision,
 * after the sink it wraps has stored it: every tool call the model makes is audited, allowed or not.
 */
export function meteredAuditSink<Row extends AuditedCall>(
  sink: { record(row: Row): void },
  metrics: OpsMetrics,
): { record(row: Row): void } {
  return {
    record(row) {
      sink.record(row);
      metrics.countToolCall(row.tool, row.decision);
    },
  };
}
