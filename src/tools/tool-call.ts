import type { ToolDefinition } from '../domain/chat-turn.ts';
import type { CallScope } from './authorise.ts';
import type { DecisionKind } from './decision.ts';

/*
 * The tool executor as the agent thread sees it (actors/agent-thread/tool-port.ts re-exports it):
 * a call in, a result out. src/tools/executor.ts builds the one implementation.
 */

/** One tool call as the model made it. */
export interface ToolCallRequest {
  id: string;
  name: string;
  /** Raw JSON text from the model. */
  arguments: string;
}

/** The agent thread a call belongs to: where it is judged (`CallScope`) and its place in the thread. */
export interface ToolRunContext extends CallScope {
  threadId: string;
  step: number;
}

/** What the executor hands back to the agent loop. */
export interface ToolCallResult {
  callId: string;
  decision: DecisionKind;
  ok: boolean;
  /** JSON text returned to the model: `{ ok: true, result }` or `{ ok: false, error: { code, message, ... } }`. */
  content: string;
}

/** The only way the model acts on Discord. */
export interface ToolExecutor {
  /** The tools offered to the model, with JSON schemas generated from their zod inputs. */
  definitions(): ToolDefinition[];
  /**
   * Runs one call through the four stages. Resolves for every outcome (invalid, denied, Discord
   * error); rejects only with `ctx.signal`'s reason when the thread is aborted, after auditing.
   */
  execute(ctx: ToolRunContext, call: ToolCallRequest): Promise<ToolCallResult>;
  /**
   * Answers a call the agent will not run (past its calls per reply) without judging or running it,
   * and audits it like every other call: decision `denied`, outcome `skipped`, `reason` as given.
   * The model reads an error with code `SKIPPED` and `reason`.
   */
  skip(ctx: ToolRunContext, call: ToolCallRequest, reason: string): ToolCallResult;
}
