/**
 * One channel actor in detail: its statechart with the active state, timers, batch and queue
 * contents, threads, and its events (loaded history below, live ones on top). A channel with no
 * actor in memory is shown from its stored row, said so.
 */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ChannelDetail, FocusFrame, MessageList } from '../wire.ts';
import type { ChartView } from './chart-view.ts';
import { addEvents, addHistory } from './events.ts';
import { clockTime } from './format.ts';
import { renderMessages } from './messages.ts';
import { loadThreads } from './thread-list.ts';
import { TimersView } from './timers.ts';

/** The detail panel's elements. */
export interface DetailHosts {
  title: HTMLElement;
  state: HTMLElement;
  waiting: HTMLElement;
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

  /** Applies a focus frame; `full` starts the events over. `offset`: server clock − page clock. */
  apply(focus: FocusFrame, full: boolean, offset: number, label: string): void {
    this.hosts.title.textContent = label;
    if (full) this.hosts.events.replaceChildren();
    if (focus.history) addHistory(this.hosts.events, focus.history);
    for (const event of focus.events)
      if (event.from && event.to && event.from !== event.to)
        this.chart.flash(event.from, event.to, event.type);
    addEvents(this.hosts.events, focus.events, focus.dropped);
    if (focus.detail !== undefined || full)
      this.show(focus.channelId, focus.detail ?? null, focus.live ?? true, offset);
  }

  /** The connection is lost: timers stop counting down (the page marks itself stale). */
  freeze(): void {
    this.timers.freeze();
  }

  private show(channelId: string, detail: ChannelDetail | null, live: boolean, offset: number): void {
    const state = detail?.state ?? null;
    this.chart.setActive(state);
    this.hosts.state.textContent = state ?? 'not live';
    this.hosts.state.className = `state-badge big ${state ?? 'none'}`;
    this.hosts.state.dataset.state = state ?? '';
    this.hosts.state.dataset.live = String(live && detail !== null);
    this.hosts.waiting.hidden = !detail?.waiting;
    replaceChildren(this.hosts.summary, [
      ...(live && detail ? [] : [h('p', { class: 'empty not-live' }, notLive(detail))]),
      ...(detail ? this.summary(detail) : []),
    ]);
    this.timers.set(live ? (detail?.timers ?? []) : [], offset);
    renderMessages(this.hosts.batch, detail?.batch ?? EMPTY);
    renderMessages(this.hosts.queue, detail?.queue ?? EMPTY);
    // The thread list changes when a thread starts or ends.
    const threadKey = `${channelId}|${detail?.thread?.id ?? ''}|${detail?.lastThread?.id ?? ''}|${detail?.lastThread?.endedAt ?? ''}`;
    if (threadKey !== this.lastThreadId) {
      this.lastThreadId = threadKey;
      void loadThreads(this.hosts.threads, channelId, this.openThread);
    }
  }

  private summary(detail: ChannelDetail): HTMLElement[] {
    const link = (id: string) =>
      h('button', { class: 'link', attrs: { type: 'button' }, on: { click: () => this.openThread(id) } }, id);
    // While a thread runs the batch's trigger has passed to it.
    const facts: Array<[string, HTMLElement | string, string]> = [
      ['trigger', detail.thread?.trigger ?? detail.trigger ?? '—', 'trigger'],
      ['threads run', `${detail.threadsRun} (${detail.threadsFailed} failed)`, 'threads'],
      ['batch size', String(detail.settings.batchSize ?? '?'), 'batch-size'],
    ];
    if (detail.waiting)
      facts.unshift([
        'permit',
        h('span', { class: 'waiting' }, 'ready, waiting for a run permit'),
        'waiting',
      ]);
    if (detail.thread) facts.push(['running', link(detail.thread.id), 'running']);
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
        'last-thread',
      ]);
    return [
      h(
        'dl',
        { class: 'facts' },
        ...facts.flatMap(([key, value, name]) => [
          h('dt', {}, key),
          h('dd', { data: { fact: name } }, value),
        ]),
      ),
    ];
  }
}

/** Why a channel shows no live actor, and where what is shown comes from. */
function notLive(detail: ChannelDetail | null): string {
  if (!detail)
    return 'No actor: this channel has not spoken since Ery began keeping it. Its next message starts one.';
  if (detail.state === 'reaped')
    return `Reaped${detail.lastThread ? ` (last thread ended ${clockTime(detail.lastThread.endedAt)})` : ''}: shown from its stored row. Its next message starts a new actor; its past is in the replay.`;
  return `Not in memory: shown from its stored row (${detail.state}). Its next message loads it again.`;
}
