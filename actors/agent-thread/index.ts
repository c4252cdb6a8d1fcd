/** The agent thread: the LLM tool loop the channel machine runs for each batch. */
export { createAgentThread } from './agent-thread.ts';
export { AgentThreadError } from './errors.ts';
export { runAgentThread } from './run-thread.ts';
export { addressingMessage } from './silence.ts';
export { createMemoryStepLog, modelStepKey, type StepLog, toolStepKey } from './step-log.ts';
export type { ToolCallRequest, ToolCallResult, ToolExecutor, ToolRunContext } from './tool-port.ts';
export type {
  AgentThreadDeps,
  AgentThreadInput,
  AgentThreadOutput,
  HistoryReader,
  ToolCallSummary,
} from './types.ts';
