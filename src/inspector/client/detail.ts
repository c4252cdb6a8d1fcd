/**
 * One channel actor in detail: its statechart with the active state, timers, batch and queue
 * contents, threads, and its live event stream.
 */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ChannelDetail, FocusFrame, MessageList, ThreadRow } from '../wire.ts';
import type { ChartView } from './chart-view.ts';
import { addEvents } from './events.ts';
import { clockTime, duration } from './format.ts';
import { renderMessages } from './messages.ts';
import { TimersView } from './timers.ts';

/** The detail panel's elements. */
export interface DetailHosts {
  title: HTMLElement;
  state: HTMLElement;
  summary: HTMLElement;
  timers: HTMLElement;
  batch: HTMLElement;
  queue: HTMLElement;
  threads: HTMLElement;
  events: HTMLElement;
}

const EMPTY: MessageList = { size: 0, messages: [] };

export class DetailView {
  private readonly timers: TimersView;
  private lastThreadId: string | null | undefined;

  constructor(
    private readonly hosts: DetailHosts,
    private readonly chart: ChartView,
    private readonly openThread: (threadId: string) => void,
  ) {
    this.timers = new TimersView(hosts.timers);
  }

  /** Applies a focus frame; `full` replaces the event history. `offset`: server clock − page clock. */
  apply(focus: FocusFrame, full: boolean, offset: number, label: string): void {
    this.hosts.title.textContent = label;
    if (full) this.hosts.events.replaceChildren();
    for (const event of focus.events)
      if (event.from && event.to) this.chart.flash(event.from, event.to, event.type);
    addEvents(this.hosts.events, focus.events, focus.dropped);
    if (focus.detail || full) this.show(focus.channelId, focus.detail, offset);
  }

  private show(channelId: string, detail: ChannelDetail | null, offset: number): void {
    const state = detail?.state ?? null;
    this.chart.setActive(state);
    this.hosts.state.textContent = state ?? 'not live';
    this.hosts.state.className = `state-badge big ${state ?? 'none'}`;
    this.hosts.state.dataset.state = state ?? '';
    if (!detail) {
      replaceChildren(this.hosts.summary, [
        h(
          'p',
          { class: 'empty' },
          'No live actor: the channel was reaped or has not spoken yet. Its next message starts one.',
        ),
      ]);
      this.timers.set([], offset);
      renderMessages(this.hosts.batch, EMPTY);
      renderMessages(this.hosts.queue, EMPTY);
    } else {
      replaceChildren(this.hosts.summary, this.summary(detail));
      this.timers.set(detail.timers, offset);
      renderMessages(this.hosts.batch, detail.batch);
      renderMessages(this.hosts.queue, detail.queue);
    }
    // The thread list changes when a thread starts or ends.
    const threadKey = detail
      ? `${detail.thread?.id ?? ''}|${detail.lastThread?.id ?? ''}|${detail.lastThread?.endedAt ?? ''}`
      : null;
    if (threadKey !== this.lastThreadId) {
      this.lastThreadId = threadKey;
      void this.loadThreads(channelId);
    }
  }

  private summary(detail: ChannelDetail): HTMLElement[] {
    const link = (id: string) =>
      h('button', { class: 'link', attrs: { type: 'button' }, on: { click: () => this.openThread(id) } }, id);
    // While a thread runs the batch's trigger has passed to it.
    const facts: Array<[string, HTMLElement | string]> = [
      ['trigger', detail.thread?.trigger ?? detail.trigger ?? '—'],
      ['threads run', `${detail.threadsRun} (${detail.threadsFailed} failed)`],
      ['batch size', String(detail.settings.batchSize ?? '?')],
    ];
    if (detail.waiting)
      facts.unshift([
        'permit',
        h('span', { class: 'waiting', data: { fact: 'waiting' } }, 'ready, waiting for a run permit'),
      ]);
    if (detail.thread) facts.push(['running', link(detail.thread.id)]);
    if (detail.lastThread)
      facts.push([
        'last thread',
        h(
          'span',
          {},
          link(detail.lastThread.id),
          ` ${detail.lastThread.status}`,
          detail.lastThread.error ? ` — ${detail.lastThread.error}` : '',
        ),
      ]);
    return [
      h('dl', { class: 'facts' }, ...facts.flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, value)])),
    ];
  }

  private async loadThreads(channelId: string): Promise<void> {
    const response = await fetch(`/inspector/api/channels/${encodeURIComponent(channelId)}/threads`);
    const rows = response.ok ? ((await response.json()) as ThreadRow[]) : [];
    replaceChildren(
      this.hosts.threads,
      rows.length === 0
        ? [h('li', { class: 'empty' }, 'No thread yet.')]
        : rows.map((row) =>
            h(
              'li',
              { class: 'thread-row', data: { threadId: row.id } },
              h(
                'button',
                { class: 'link', attrs: { type: 'button' }, on: { click: () => this.openThread(row.id) } },
                clockTime(row.startedAt),
              ),
              h('span', { class: `status ${row.status}` }, row.status),
              h('span', { class: 'trigger' }, row.trigger),
              h('span', { class: 'took' }, row.endedAt ? duration(row.endedAt - row.startedAt) : '…'),
              row.error ? h('span', { class: 'error' }, row.error) : null,
            ),
          ),
    );
  }
}
