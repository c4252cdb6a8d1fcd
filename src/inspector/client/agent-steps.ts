/**
 * The replay view's threads: each thread the timeline touched, with its recorded model replies and
 * tool results (what `ery replay --thread` prints); the thread of the current step is marked.
 */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { AgentStepView, TimelineThread } from '../wire.ts';
import { utcClock } from './replay-timeline.ts';

function stepLine(view: AgentStepView): HTMLElement {
  // A record: the model step it belongs to, and what it is.
  const head = [
    h(
      'span',
      { class: 'kind' },
      `step ${view.step} ${view.kind === 'model' ? 'model reply' : 'tool result'} `,
    ),
  ];
  if ('unreadable' in view)
    return h('li', { data: { kind: view.kind } }, ...head, `unreadable record ${view.key}`);
  if (view.kind === 'model') {
    const calls = view.calls.map((call) => `${call.name}(${call.arguments})`);
    return h(
      'li',
      { class: 'model-step', data: { kind: 'model' } },
      ...head,
      `${view.model} `,
      calls.length ? `→ ${calls.join(', ')}` : 'no tool call',
      view.text ? ` · wrote ${JSON.stringify(view.text)}` : '',
      ` (${view.usage.promptTokens}+${view.usage.completionTokens} tokens)`,
    );
  }
  return h(
    'li',
    { class: 'tool-step', data: { kind: 'tool', callId: view.callId } },
    ...head,
    `${view.callId}: `,
    h('span', { class: `decision ${view.decision}` }, view.decision),
    view.ok ? ' ' : ' failed ',
    view.result,
  );
}

/**
 * Draws `threads` into `host`; `current` (the thread of the shown step) is marked and open. A
 * thread's start jumps there (`jump` with its start's seq); its id opens it in detail (`open`).
 */
export function renderThreads(
  host: HTMLElement,
  threads: readonly TimelineThread[],
  current: string | null,
  actions: { jump: (seq: number) => void; open: (threadId: string) => void },
): void {
  if (threads.length === 0) {
    replaceChildren(host, [h('p', { class: 'empty' }, 'No thread ran in this part of the log.')]);
    return;
  }
  replaceChildren(
    host,
    threads.map((thread) => {
      const link = (text: string, click: () => void) =>
        h('button', { class: 'link', attrs: { type: 'button' }, on: { click } }, text);
      const start = thread.startSeq;
      return h(
        'section',
        { class: `agent-thread${thread.id === current ? ' current' : ''}`, data: { threadId: thread.id } },
        h(
          'div',
          { class: 'thread-head' },
          link(thread.id, () => actions.open(thread.id)),
          h('span', { class: `status ${thread.status}` }, thread.status),
          h('span', { class: 'trigger' }, thread.trigger ?? '?'),
          start === null ? null : link(`#${start}–#${thread.endSeq ?? '…'}`, () => actions.jump(start)),
          // A restart cut it off: when it was last seen and when it resumed, not one duration.
          ...thread.interruptions.map((cut) =>
            h(
              'span',
              { class: 'took interrupted' },
              `interrupted (last seen ${utcClock(cut.lastSeenAt)}) → resumed ${utcClock(cut.resumedAt)} `,
              link(`#${cut.seq}`, () => actions.jump(cut.seq)),
            ),
          ),
          thread.error ? h('span', { class: 'error' }, thread.error) : null,
        ),
        thread.id === current
          ? h(
              'ol',
              { class: 'agent-steps' },
              ...(thread.steps.length
                ? thread.steps.map(stepLine)
                : [h('li', { class: 'empty' }, 'No record: no model reply or tool result was kept.')]),
            )
          : null,
      );
    }),
  );
}
