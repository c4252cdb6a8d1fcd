/**
 * One thread in detail, in a drawer: what the model was given at each step, its reply, each tool
 * call with the permission decision and reason, and what was denied and why.
 */
import { type Child, h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { PromptTurn, ThreadDetail, ThreadStep, ToolCallRow } from '../wire.ts';
import { clockTime, duration, pretty } from './format.ts';
import { threadTook } from './thread-times.ts';

function turns(list: PromptTurn[]): HTMLElement {
  return h(
    'ol',
    { class: 'turns' },
    ...list.map((turn) =>
      h(
        'li',
        { class: `turn ${turn.role}` },
        // The system prompt is long and the same in every thread: folded, its first line shown.
        turn.role === 'system'
          ? h(
              'details',
              {},
              h(
                'summary',
                {},
                h('span', { class: 'role' }, 'system'),
                ` ${turn.content.split('\n')[0] ?? ''}`,
              ),
              h('pre', {}, turn.content),
            )
          : h('span', { class: 'role' }, turn.role),
        turn.role === 'system' ? null : h('pre', {}, turn.content),
      ),
    ),
  );
}

function decision(call: ToolCallRow): HTMLElement {
  return h('span', { class: `decision ${call.decision ?? 'unknown'}` }, call.decision ?? 'not run');
}

function callBlock(call: ToolCallRow): HTMLElement {
  return h(
    'div',
    { class: `call ${call.decision ?? ''}`, data: { callId: call.callId, tool: call.tool } },
    h(
      'div',
      { class: 'call-head' },
      h('code', {}, call.tool),
      decision(call),
      call.outcome ? h('span', { class: 'outcome' }, call.outcome) : null,
      call.durationMs !== null ? h('span', { class: 'took' }, duration(call.durationMs)) : null,
    ),
    call.reason ? h('p', { class: 'reason' }, call.reason) : null,
    h('details', {}, h('summary', {}, 'arguments'), h('pre', {}, pretty(call.arguments))),
    // A denied call's error repeats its reason: said once, above.
    call.error && call.error !== call.reason ? h('p', { class: 'error' }, call.error) : null,
    call.fedBack
      ? h('details', {}, h('summary', {}, 'result the model read'), h('pre', {}, call.fedBack))
      : null,
  );
}

function stepBlock(step: ThreadStep, before: number): HTMLElement {
  const prompt = step.prompt;
  const fresh = prompt ? prompt.slice(before) : [];
  const given: Child = prompt
    ? h(
        'details',
        { class: 'given', ...(before === 0 ? { attrs: { open: '' } } : {}) },
        h(
          'summary',
          {},
          before === 0
            ? `What the model was given (${prompt.length} turns, ${step.tools.length} tools)`
            : `What the model was given: ${fresh.length} new turns after the ${before} above`,
        ),
        turns(before === 0 ? prompt : fresh),
        step.tools.length ? h('p', { class: 'tools' }, `Tools offered: ${step.tools.join(', ')}`) : null,
      )
    : h('p', { class: 'muted' }, 'Replayed from the step log: the model was not called again at this step.');
  const reply = step.reply;
  return h(
    'section',
    { class: 'step', data: { step: String(step.step) } },
    h('h4', {}, `Step ${step.step}`),
    given,
    reply
      ? h(
          'div',
          { class: 'reply' },
          h(
            'span',
            { class: 'muted' },
            `${reply.model} · ${reply.promptTokens} + ${reply.completionTokens} tokens`,
          ),
          reply.content ? h('pre', { title: 'text the model wrote: never posted' }, reply.content) : null,
          // A reply without a call ends the thread: say so, not only its token counts.
          step.calls.length === 0
            ? h(
                'p',
                { class: 'no-call' },
                reply.content
                  ? 'No tool call: the model only wrote the text above (never posted), so the thread ended here.'
                  : 'No tool call and no text: the thread ended here.',
              )
            : null,
        )
      : h('p', { class: 'muted' }, 'No reply recorded.'),
    ...step.calls.map(callBlock),
  );
}

export class ThreadPanel {
  constructor(
    private readonly host: HTMLElement,
    private readonly body: HTMLElement,
  ) {}

  /** Adds the drawer (`#thread-panel`, closed) to `parent` and returns its panel; × closes it. */
  static mount(parent: HTMLElement = document.body): ThreadPanel {
    const body = h('div', { class: 'thread-body', attrs: { id: 'thread-body' } });
    const host = h(
      'aside',
      { class: 'thread-panel', attrs: { id: 'thread-panel', hidden: '' } },
      h(
        'header',
        {},
        h('h2', {}, 'Thread'),
        h(
          'button',
          {
            class: 'close',
            title: 'Close (Esc)',
            attrs: { id: 'thread-close', type: 'button' },
            on: { click: () => panel.close() },
          },
          '×',
        ),
      ),
      body,
    );
    const panel = new ThreadPanel(host, body);
    parent.append(host);
    return panel;
  }

  async open(threadId: string): Promise<void> {
    this.host.hidden = false;
    this.host.dataset.threadId = threadId;
    replaceChildren(this.body, [h('p', { class: 'muted' }, 'Loading…')]);
    const response = await fetch(`/inspector/api/threads/${encodeURIComponent(threadId)}`);
    if (!response.ok) {
      const { error } = (await response.json().catch(() => ({ error: response.statusText }))) as {
        error: string;
      };
      replaceChildren(this.body, [h('p', { class: 'error' }, error)]);
      return;
    }
    this.render((await response.json()) as ThreadDetail);
  }

  close(): void {
    this.host.hidden = true;
  }

  private render(detail: ThreadDetail): void {
    const { thread } = detail;
    let seen = 0;
    const steps = detail.steps.map((step) => {
      const block = stepBlock(step, seen);
      if (step.prompt) seen = step.prompt.length;
      return block;
    });
    replaceChildren(this.body, [
      h('h3', {}, thread.id),
      h(
        'p',
        { class: 'thread-facts' },
        h('span', { class: `status ${thread.status}` }, thread.status),
        ` trigger ${thread.trigger} · started ${clockTime(thread.startedAt)}`,
        thread.interruptions.length > 0
          ? ` · ${threadTook(thread)}`
          : thread.endedAt
            ? ` · took ${threadTook(thread)}`
            : ' · running',
        thread.model ? ` · ${thread.model} · ${thread.promptTokens} + ${thread.completionTokens} tokens` : '',
      ),
      thread.error ? h('p', { class: 'error' }, thread.error) : null,
      detail.denied.length
        ? h(
            'section',
            { class: 'denied-list' },
            h('h4', {}, `Denied (${detail.denied.length})`),
            ...detail.denied.map((call) =>
              h(
                'p',
                { data: { callId: call.callId } },
                h('code', {}, call.tool),
                ' ',
                decision(call),
                ` ${call.reason ?? ''}`,
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'Nothing was denied.'),
      ...(steps.length ? steps : [h('p', { class: 'muted' }, 'No step recorded yet.')]),
    ]);
  }
}
