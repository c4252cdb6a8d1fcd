import { describe, expect, test } from 'bun:test';
import { classifyError } from '../../src/llm/classify-error.ts';
import type { LlmError } from '../../src/llm/errors.ts';
import { parseCompletion } from '../../src/llm/parse-response.ts';
import { ProviderReportedError, reportedError } from '../../src/llm/reported-error.ts';
import { isRetriedStatus, retryAfterFromHeaders, retryDelayMs } from '../../src/llm/retry-policy.ts';
import { thrown } from '../support/errors.ts';
import { OPENROUTER_502_BODY, partsBesideToolCall } from '../support/model-replies.ts';

const hints = { keyVariable: 'OPENROUTER_API_KEY', baseURL: 'http://llm.test/v1' };
const body = (choice: Record<string, unknown>) => ({ model: 'm', choices: [{ index: 0, ...choice }] });
const sendCall = {
  id: 'call_1',
  type: 'function',
  function: { name: 'send_message', arguments: '{"content":"hi"}' },
};

describe('GIVEN a reply whose content is a list of parts', () => {
  test('WHEN thinking and an empty text part sit beside a valid tool call (issue 7 example) THEN the call is kept', () => {
    const reply = parseCompletion(body(partsBesideToolCall('hi', 'call_1')), 'm');
    expect(reply.toolCalls).toEqual([{ id: 'call_1', name: 'send_message', arguments: '{"content":"hi"}' }]);
    expect(reply.content).toBeNull();
  });

  test('WHEN it mixes text, reasoning and plain strings THEN only the text is kept, in order', () => {
    const reply = parseCompletion(
      body({
        message: {
          content: [
            { type: 'reasoning', text: 'secret plan' },
            { type: 'text', text: 'Hello ' },
            'there',
            { type: 'redacted_thinking', data: 'xx' },
          ],
        },
      }),
      'm',
    );
    expect(reply.content).toBe('Hello there');
  });

  test('WHEN reasoning fields sit beside the content THEN they are ignored, not rejected', () => {
    const reply = parseCompletion(
      body({
        message: { content: 'ok', reasoning: 'hmm', reasoning_content: 'hmm', tool_calls: [sendCall] },
      }),
      'm',
    );
    expect(reply.content).toBe('ok');
    expect(reply.toolCalls).toHaveLength(1);
  });

  test('WHEN content is a number THEN LLM_BAD_RESPONSE says what is wrong', () => {
    const error = thrown(() => parseCompletion(body({ message: { content: 42 } }), 'm')) as LlmError;
    expect(error.code).toBe('LLM_BAD_RESPONSE');
    expect(error.message).toContain('content is a number');
  });
});

describe('GIVEN tool calls in unusual shapes', () => {
  test('THEN arguments as an object, an empty string or absent, and missing ids and types are accepted', () => {
    const reply = parseCompletion(
      body({
        message: {
          content: null,
          tool_calls: [
            { function: { name: 'send_message', arguments: { content: 'a' } } },
            { id: 7, function: { name: 'get_server_stats', arguments: '' } },
            { id: 'c3', type: 'function', function: { name: 'get_server_stats' } },
          ],
        },
      }),
      'm',
    );
    expect(reply.toolCalls).toEqual([
      { id: '', name: 'send_message', arguments: '{"content":"a"}' },
      { id: '7', name: 'get_server_stats', arguments: '{}' },
      { id: 'c3', name: 'get_server_stats', arguments: '{}' },
    ]);
  });

  test('WHEN arguments are a list THEN they pass on as JSON for the executor to reject', () => {
    const reply = parseCompletion(
      body({ message: { tool_calls: [{ function: { name: 'x', arguments: [1] } }] } }),
      'm',
    );
    expect(reply.toolCalls[0]?.arguments).toBe('[1]');
  });

  test('WHEN a call has no name THEN LLM_BAD_RESPONSE names the call', () => {
    const error = thrown(() =>
      parseCompletion(body({ message: { tool_calls: [sendCall, { function: { arguments: '{}' } }] } }), 'm'),
    ) as LlmError;
    expect(error.code).toBe('LLM_BAD_RESPONSE');
    expect(error.message).toContain('tool call 1 has no name');
  });
});

describe('GIVEN an error reported with HTTP 200', () => {
  test('WHEN the body holds an OpenRouter error and no choices (issue 7 example) THEN it is classified like HTTP 502', () => {
    const error = thrown(() => parseCompletion(OPENROUTER_502_BODY, 'm'));
    expect(error).toBeInstanceOf(ProviderReportedError);
    const llm = classifyError(error, 'm', hints);
    expect(llm).toMatchObject({ code: 'LLM_UNAVAILABLE', details: { status: 502, retrySameModel: true } });
    expect(llm.message).toContain('Provider returned error');
  });

  test.each([
    [
      { code: '429', message: 'slow down', metadata: { retry_after: 2 } },
      'LLM_RATE_LIMITED',
      429,
      true,
      2000,
    ],
    [{ status: 503, message: 'overloaded' }, 'LLM_UNAVAILABLE', 503, true, undefined],
    [{ message: 'x', metadata: { status_code: '408' } }, 'LLM_UNAVAILABLE', 408, true, undefined],
    [{ code: 401, message: 'User not found.' }, 'LLM_AUTH', 401, false, undefined],
    [{ code: 403, message: 'flagged', metadata: { reasons: ['x'] } }, 'LLM_AUTH', 403, false, undefined],
    [{ code: 400, message: 'bad' }, 'LLM_BAD_REQUEST', 400, false, undefined],
    [{ code: 404, message: 'No endpoints found for model x' }, 'LLM_UNAVAILABLE', 404, false, undefined],
    [{ code: 'server_error', message: 'no number' }, 'LLM_UNAVAILABLE', 502, true, undefined],
  ])('WHEN the body error is %j THEN %s, status %d, retried: %p', (error, code, status, retried, wait) => {
    const llm = classifyError(reportedError('body', error), 'm', hints);
    expect(llm.code).toBe(code as LlmError['code']);
    expect(llm.details.status).toBe(status);
    expect(llm.details.retrySameModel).toBe(retried);
    expect(llm.details.retryAfterMs).toBe(wait);
  });

  test('WHEN a choice ends with finish_reason "error" THEN it is a retried model error', () => {
    const error = thrown(() =>
      parseCompletion(body({ finish_reason: 'error', message: { role: 'assistant', content: '' } }), 'm'),
    );
    expect(error).toMatchObject({ where: 'choice', status: null });
    expect(classifyError(error, 'm', hints).details.retrySameModel).toBe(true);
  });

  test('WHEN a choice carries its own error object THEN its code decides, even beside a message', () => {
    const error = thrown(() =>
      parseCompletion(
        body({
          finish_reason: 'stop',
          error: { code: 429, message: 'upstream limit' },
          message: { content: 'x' },
        }),
        'm',
        1500,
      ),
    );
    expect(classifyError(error, 'm', hints)).toMatchObject({
      code: 'LLM_RATE_LIMITED',
      details: { retryAfterMs: 1500 },
    });
  });
});

describe('GIVEN the retry rule', () => {
  test('THEN 408, 409, 429 and 5xx are retried and 400, 401, 403, 404, 422 are not', () => {
    expect([408, 409, 429, 500, 502, 503, 529].every(isRetriedStatus)).toBe(true);
    expect([400, 401, 402, 403, 404, 422].some(isRetriedStatus)).toBe(false);
  });

  test('THEN Retry-After is read in ms, seconds or as a date, and backoff doubles when none is given', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const date = retryAfterFromHeaders(
      new Headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }),
    );
    expect(date).toBeGreaterThan(50_000);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
    expect(retryDelayMs(0, 100, 40)).toBe(40);
    expect(retryDelayMs(2, 100)).toBeGreaterThanOrEqual(300);
    expect(retryDelayMs(2, 100)).toBeLessThanOrEqual(400);
  });
});
