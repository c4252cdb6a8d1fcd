/**
 * The replay view's detail of one step: the event and what it says, the state before → after,
 * batch and queue, the thread ids, and the timers as they stood at that step's time.
 */
import { type Child, h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ReplayStep } from '../wire.ts';
import { renderMessages } from './messages.ts';
import { TimersView } from './timers.ts';

/** The step detail's elements. */
export interface StepHosts {
  title: HTMLElement;
  state: HTMLElement;
  facts: HTMLElement;
  timers: HTMLElement;
  batch: HTMLElement;
  queue: HTMLElement;
}

const ORIGINS = {
  fresh: 'a new actor',
  restored: 'restored from its snapshot after a restart',
  'restored-unlogged': 'restored (an older Ery did not log from where)',
};

export class StepView {
  private readonly timers: TimersView;

  constructor(
    private readonly hosts: StepHosts,
    private readonly openThread: (threadId: string) => void,
  ) {
    this.timers = new TimersView(hosts.timers);
  }

  show(step: ReplayStep): void {
    const { channel } = step;
    this.hosts.title.textContent = `#${step.seq} ${step.event}`;
    this.hosts.state.textContent = step.after;
    this.hosts.state.className = `state-badge big ${step.after}`;
    this.hosts.state.dataset.state = step.after;
    const thread = (id: string, suffix = '') =>
      h(
        'span',
        {},
        h(
          'button',
          { class: 'link', attrs: { type: 'button' }, on: { click: () => this.openThread(id) } },
          id,
        ),
        suffix,
      );
    const facts: Array<[string, Child, string]> = [
      ['time', `${step.time.replace('T', ' ').replace('Z', '')} UTC`, 'time'],
      ['event', h('code', {}, step.event), 'event'],
      ['says', step.detail || '—', 'says'],
      [
        'state',
        h(
          'span',
          { class: 'change' },
          h('span', { class: `state-badge ${step.before ?? 'none'}` }, step.before ?? '—'),
          ' → ',
          h('span', { class: `state-badge ${step.after}` }, step.after),
        ),
        'change',
      ],
      ['batch · queue', `${step.batch} · ${step.queue}`, 'sizes'],
      ['trigger', channel.thread?.trigger ?? channel.trigger ?? '—', 'trigger'],
      ['running thread', step.thread ? thread(step.thread) : '—', 'thread'],
    ];
    if (channel.waiting) facts.push(['permit', 'ready, waiting for a run permit', 'waiting']);
    if (step.started) facts.push(['started', thread(step.started), 'started']);
    if (step.ended) facts.push(['ended', thread(step.ended.thread, ` ${step.ended.status}`), 'ended']);
    if (step.origin) facts.push(['actor', ORIGINS[step.origin], 'origin']);
    if (step.missing)
      facts.push([
        'missing',
        `events #${step.missing.from}–#${step.missing.to} are not in the log`,
        'missing',
      ]);
    if (step.error) facts.push(['machine threw', h('span', { class: 'error' }, step.error), 'error']);
    replaceChildren(this.hosts.facts, [
      h(
        'dl',
        { class: 'facts' },
        ...facts.flatMap(([key, value, name]) => [
          h('dt', {}, key),
          h('dd', { data: { fact: name } }, value),
        ]),
      ),
    ]);
    this.timers.showAt(channel.timers, step.at);
    renderMessages(this.hosts.batch, channel.batch);
    renderMessages(this.hosts.queue, channel.queue);
  }
}
