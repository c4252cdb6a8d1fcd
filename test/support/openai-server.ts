/**
 * A scripted OpenAI-compatible chat completions server for tests. The real openai SDK talks to it
 * over HTTP on 127.0.0.1; every request body is recorded; answers come from per-model queues of
 * {@link ScriptStep}s, so retries, fallbacks, timeouts and malformed replies can be staged exactly.
 */

/** A tool call the scripted model makes. Object arguments are JSON-encoded; strings are sent raw. */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments?: string | Record<string, unknown>;
}

export type ScriptStep =
  /** A normal completion. */
  | {
      reply: {
        content?: string | null;
        toolCalls?: ScriptedToolCall[];
        usage?: { prompt_tokens: number; completion_tokens: number };
        /** Overrides the `model` field of the body (default: the requested model). */
        model?: string;
      };
    }
  /** An HTTP error with an OpenAI-style error body. */
  | { error: { status: number; message?: string; code?: string; headers?: Record<string, string> } }
  /** Waits before answering `after` (default: a plain reply); the wait ends early if the client hangs up. */
  | { delayMs: number; after?: ScriptStep }
  /** Any status, headers and raw body text, e.g. not JSON at all. */
  | { raw: { status?: number; body: string; contentType?: string; headers?: Record<string, string> } }
  /** Any JSON body (status 200 unless given), e.g. a completion with no choices or an error in it. */
  | { json: unknown; status?: number; headers?: Record<string, string> }
  /**
   * A completion whose first choice is exactly `message` (any shape: content as parts, tool calls
   * as text, reasoning fields...), with `finish_reason` and any extra choice fields such as `error`.
   */
  | { choice: { message?: unknown; finish_reason?: string | null } & Record<string, unknown> };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body (chat completions only). */
  body: { model: string; messages: Array<Record<string, unknown>>; tools?: unknown[] } & Record<
    string,
    unknown
  >;
  /** Set when the client hung up before the answer was sent. */
  aborted: boolean;
}

export interface OpenAIServer {
  /** Base URL for the SDK, ending in `/v1`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Chat completion requests for one model (or all when omitted). */
  calls(model?: string): RecordedRequest[];
  /** Appends steps to the queue of `model`; `*` is used when a model's own queue is empty. */
  script(model: string, ...steps: ScriptStep[]): void;
  /** Requests that found every queue empty and got the default reply. */
  readonly unscripted: number;
  /** Resolves once `count` chat completion requests have arrived. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/** OpenAI's path and OpenRouter's. */
const CHAT_PATHS = new Set(['/v1/chat/completions', '/api/v1/chat/completions']);

let completionCounter = 0;

function completion(model: string, step: Extract<ScriptStep, { reply: unknown }>['reply']) {
  const toolCalls = (step.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index + 1}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    },
  }));
  completionCounter += 1;
  return {
    id: `chatcmpl-${completionCounter}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: step.model ?? model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: step.content ?? null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: { ...(step.usage ?? { prompt_tokens: 10, completion_tokens: 5 }), total_tokens: 0 },
  };
}

/** Options of {@link startOpenAIServer}. */
export interface OpenAIServerOptions {
  /** The answer to a request that finds every queue empty, from the request itself (default: unscripted). */
  respond?: (request: RecordedRequest) => ScriptStep | undefined;
}

/** Starts the server on 127.0.0.1 and a free port. Close it in afterEach/afterAll. */
export function startOpenAIServer(options: OpenAIServerOptions = {}): OpenAIServer {
  const queues = new Map<string, ScriptStep[]>();
  const requests: RecordedRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let unscripted = 0;

  const next = (model: string, request: RecordedRequest): ScriptStep | undefined =>
    queues.get(model)?.shift() ?? queues.get('*')?.shift() ?? options.respond?.(request);

  async function answer(step: ScriptStep | undefined, model: string, signal: AbortSignal): Promise<Response> {
    if (step === undefined) {
      unscripted += 1;
      return Response.json(completion(model, { content: '(unscripted)' }));
    }
    if ('reply' in step) return Response.json(completion(model, step.reply));
    if ('error' in step) {
      const { status, message, code, headers } = step.error;
      return Response.json(
        { error: { message: message ?? `scripted ${status}`, type: 'scripted_error', code: code ?? null } },
        // retry-after-ms 0 keeps the SDK's retries instant unless a test sets its own.
        { status, headers: { 'retry-after-ms': '0', ...headers } },
      );
    }
    if ('delayMs' in step) {
      await sleep(step.delayMs, signal);
      return answer(step.after ?? { reply: { content: 'late' } }, model, signal);
    }
    if ('raw' in step) {
      return new Response(step.raw.body, {
        status: step.raw.status ?? 200,
        headers: { 'content-type': step.raw.contentType ?? 'application/json', ...step.raw.headers },
      });
    }
    if ('choice' in step) {
      completionCounter += 1;
      return Response.json({
        id: `chatcmpl-${completionCounter}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model,
        choices: [{ index: 0, finish_reason: 'stop', ...step.choice }],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
    }
    return Response.json(step.json, { status: step.status ?? 200, headers: step.headers });
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method === 'GET' && (url.pathname === '/v1/models' || url.pathname === '/api/v1/models')) {
        const ids = [...queues.keys()].filter((id) => id !== '*');
        return Response.json({
          object: 'list',
          data: ids.map((id) => ({ id, object: 'model', owned_by: 'script' })),
        });
      }
      if (req.method !== 'POST' || !CHAT_PATHS.has(url.pathname)) {
        return Response.json(
          { error: { message: `no route ${req.method} ${url.pathname}` } },
          { status: 404 },
        );
      }
      const body = (await req.json()) as RecordedRequest['body'];
      const record: RecordedRequest = {
        method: req.method,
        path: url.pathname,
        headers: Object.fromEntries(req.headers.entries()),
        body,
        aborted: false,
      };
      requests.push(record);
      req.signal.addEventListener('abort', () => (record.aborted = true), { once: true });
      for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      return answer(next(body.model, record), body.model, req.signal);
    },
  });

  return {
    baseURL: `http://127.0.0.1:${server.port}/v1`,
    requests,
    calls: (model) => requests.filter((request) => model === undefined || request.body.model === model),
    script(model, ...steps) {
      queues.set(model, [...(queues.get(model) ?? []), ...steps]);
    },
    get unscripted() {
      return unscripted;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      await server.stop(true);
    },
  };
}
