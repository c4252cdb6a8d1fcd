/**
 * Issue 11 §4: arbitrary chat-completion bodies from the scripted OpenAI-compatible server, read by
 * Ery's real provider over the openai SDK. Property: `complete()` either resolves with a well-typed
 * answer (text or null, tool calls each with a name and arguments as text, whole-number
 * usage) or rejects with an `LlmError` whose code the agent branches on; never anything else.
 */
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { LlmError } from '../../src/llm/errors.ts';
import { OpenAIChatModel } from '../../src/llm/openai-provider.ts';
import { silentLogger } from '../../src/logger.ts';
import { request } from '../llm/openai-provider.fixtures.ts';
import { server, useOpenAIServer } from '../support/use-openai-server.ts';
import { FUZZ_SEED, fuzzParams } from './fuzz-params.ts';
import { modelReply } from './support/model-bodies.ts';

useOpenAIServer();

describe(`fuzzed model replies to the provider (ERY_FUZZ_SEED=${FUZZ_SEED})`, () => {
  test('GIVEN any body the server answers THEN a well-typed answer or an LlmError, nothing else', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(modelReply, async (step) => {
        // A model name per run: a step left unread never answers the next run.
        const model = `fuzz-${++runs}`;
        server.script(model, step);
        const chat = new OpenAIChatModel({
          provider: 'test',
          baseURL: server.baseURL,
          apiKey: 'sk-test',
          keyVariable: 'LLM_API_KEY',
          model,
          maxRetries: 0,
          timeoutMs: 5_000,
          logger: silentLogger,
        });
        let answer: Awaited<ReturnType<OpenAIChatModel['complete']>>;
        try {
          answer = await chat.complete(request);
        } catch (error) {
          expect(error).toBeInstanceOf(LlmError);
          expect((error as LlmError).message.length).toBeGreaterThan(0);
          return;
        }
        expect(answer.content === null || typeof answer.content === 'string').toBe(true);
        expect(Array.isArray(answer.toolCalls)).toBe(true);
        for (const call of answer.toolCalls) {
          // A missing id is tolerated by design: the agent makes ids unique per step.
          expect(typeof call.id).toBe('string');
          expect(typeof call.name === 'string' && call.name.trim().length > 0).toBe(true);
          expect(typeof call.arguments).toBe('string');
        }
        expect(Number.isSafeInteger(answer.usage.promptTokens) && answer.usage.promptTokens >= 0).toBe(true);
        expect(
          Number.isSafeInteger(answer.usage.completionTokens) && answer.usage.completionTokens >= 0,
        ).toBe(true);
        expect(typeof answer.model).toBe('string');
      }),
      fuzzParams(150, {
        // Once recorded as 5e-324 tokens spent (src/llm/parse-response.ts).
        examples: [[{ json: { choices: [{ message: {} }], usage: { prompt_tokens: 5e-324 } } }]],
      }),
    );
  });
});
