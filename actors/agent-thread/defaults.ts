import type { AgentThreadDeps } from './types.ts';

/** Defaults of the optional {@link AgentThreadDeps} knobs. */
export const AGENT_DEFAULTS = {
  maxSteps: 8,
  callTimeoutMs: 60_000,
  historyLimit: 30,
  maxToolCallsPerStep: 10,
  deadlineGraceMs: 1_000,
};
