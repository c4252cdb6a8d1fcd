/**
 * The part of src/tools the agent uses: tool definitions and one way to run a call. Re-exported so
 * the agent's files (and its tests' in-memory executor) name one place.
 */
export type {
  ToolCallRequest,
  ToolCallResult,
  ToolExecutor,
  ToolRunContext,
} from '../../src/tools/tool-call.ts';
