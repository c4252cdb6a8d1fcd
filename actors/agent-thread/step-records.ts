import { z } from 'zod';
import type { ChatResponse } from '../../src/llm/chat-model.ts';
import type { ToolCallResult } from './tool-port.ts';

/**
 * Shapes of what the step log holds. Read back from disk, a payload is checked before use: a row
 * written by an older version must not crash the thread or be mistaken for something else.
 */
const RecordedModelReply = z.object({
  content: z.string().nullable(),
  toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string() })),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number() }),
  model: z.string(),
});

const RecordedToolResult = z.object({
  callId: z.string(),
  decision: z.enum(['allowed', 'denied', 'invalid']),
  ok: z.boolean(),
  content: z.string(),
});

/**
 * What the model was given before one reply, kept as `given` beside the reply in its model row:
 * the conversation from turn `from` on, and the tools offered. Turns before `from` are the ones
 * earlier model rows of the thread gave, so each row holds only what is new; `from` is 0 on the
 * first model call of a run. Rows written before Ery recorded it have none.
 */
const RecordedPrompt = z.object({
  from: z.number().int().nonnegative(),
  turns: z.array(z.looseObject({ role: z.string() })),
  tools: z.array(z.string()),
});
export type RecordedPrompt = z.infer<typeof RecordedPrompt>;

/** What the model was given, read from a model row's payload; undefined when absent or unreadable. */
export function readGiven(modelPayload: unknown): RecordedPrompt | undefined {
  const given =
    modelPayload && typeof modelPayload === 'object'
      ? (modelPayload as { given?: unknown }).given
      : undefined;
  const parsed = RecordedPrompt.safeParse(given);
  return parsed.success ? parsed.data : undefined;
}

/** The recorded model reply, or undefined when absent or unreadable (then the model is asked again). */
export function readModelReply(payload: unknown): ChatResponse | undefined {
  if (payload === undefined) return undefined;
  const parsed = RecordedModelReply.safeParse(payload);
  return parsed.success ? parsed.data : undefined;
}

/** The recorded tool result; `unreadable` when a row exists but cannot be used. */
export function readToolResult(payload: unknown): ToolCallResult | 'unreadable' | undefined {
  if (payload === undefined) return undefined;
  const parsed = RecordedToolResult.safeParse(payload);
  return parsed.success ? parsed.data : 'unreadable';
}
