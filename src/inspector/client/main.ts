/**
 * The inspector page's entry point: loads the two statecharts, follows the frame stream
 * (`/inspector/api/stream`, reopened when another channel is picked) and keeps the overview, the
 * detail, the supervisor and the thread drawer up to date.
 */
import { byId } from '../../playground/web/client/dom.ts';
import type { ChannelRow, Charts, InspectorFrame } from '../wire.ts';
import { ChartView } from './chart-view.ts';
import { DetailView } from './detail.ts';
import { addEvents } from './events.ts';
import { renderOverview } from './overview.ts';
import { ThreadPanel } from './thread-panel.ts';

const channels = new Map<string, ChannelRow>();
/** The channel shown in detail; an id that cannot be one (a typo in the URL) is ignored. */
let focus: string | null = new URL(location.href).searchParams.get('channel');
if (focus !== null && !/^[1-9]\d{0,19}$/.test(focus)) focus = null;
let source: EventSource | null = null;
let detail: DetailView;
let supervisorChart: ChartView;

const els = {
  overview: byId('overview'),
  connection: byId('connection'),
  supervisorState: byId('supervisor-state'),
  supervisorEvents: byId('supervisor-events'),
};

const threads = ThreadPanel.mount();
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') threads.close();
});

/** Names learnt from the first frame, for a channel that has no actor (so no row) yet. */
const knownNames = new Map<string, string>();

function label(channelId: string): string {
  const row = channels.get(channelId);
  const known = row?.channelName ?? knownNames.get(channelId);
  const name = known ? `#${known}` : `channel ${channelId}`;
  return row?.guildName ? `${name} · ${row.guildName}` : name;
}

function pick(channelId: string): void {
  if (channelId === focus) return;
  focus = channelId;
  const url = new URL(location.href);
  url.searchParams.set('channel', channelId);
  history.replaceState(null, '', url);
  connect();
}

function onFrame(frame: InspectorFrame): void {
  const offset = frame.at - Date.now();
  if (frame.full) channels.clear();
  for (const row of frame.channels) channels.set(row.channelId, row);
  for (const id of frame.gone) channels.delete(id);
  const first = [...channels.keys()].sort()[0];
  if (!focus && first) {
    pick(first);
    return;
  }
  renderOverview(els.overview, channels, focus, pick);
  if (frame.supervisor) {
    supervisorChart.setActive(frame.supervisor.state);
    els.supervisorState.textContent = frame.supervisor.state;
    els.supervisorState.className = `state-badge ${frame.supervisor.state}`;
    for (const event of frame.supervisor.events)
      if (event.from && event.to) supervisorChart.flash(event.from, event.to, event.type);
    addEvents(els.supervisorEvents, frame.supervisor.events);
  }
  if (frame.focus?.channelName) knownNames.set(frame.focus.channelId, frame.focus.channelName);
  if (frame.focus) detail.apply(frame.focus, frame.full, offset, label(frame.focus.channelId));
  document.body.classList.add('ready');
}

function setConnection(live: boolean): void {
  els.connection.textContent = live ? 'Live' : 'Reconnecting…';
  els.connection.className = `connection ${live ? 'live' : 'down'}`;
}

function connect(): void {
  source?.close();
  const replay = byId<HTMLAnchorElement>('replay-link');
  replay.hidden = !focus;
  if (focus) replay.href = `/inspector/replay/${encodeURIComponent(focus)}`;
  const query = focus ? `?channel=${encodeURIComponent(focus)}` : '';
  source = new EventSource(`/inspector/api/stream${query}`);
  source.onmessage = (message) => onFrame(JSON.parse(message.data) as InspectorFrame);
  source.onopen = () => setConnection(true);
  // EventSource reconnects by itself; every reconnection starts with a full frame.
  source.onerror = () => setConnection(false);
}

async function start(): Promise<void> {
  const charts = (await (await fetch('/inspector/api/charts')).json()) as Charts;
  supervisorChart = new ChartView(byId('supervisor-chart'), charts.supervisor);
  const chart = new ChartView(byId('chart'), charts.channel);
  detail = new DetailView(
    {
      title: byId('detail-title'),
      state: byId('detail-state'),
      summary: byId('detail-summary'),
      timers: byId('timers'),
      batch: byId('batch'),
      queue: byId('queue'),
      threads: byId('threads'),
      events: byId('events'),
    },
    chart,
    (threadId) => void threads.open(threadId),
  );
  connect();
}

start().catch((error: unknown) => {
  setConnection(false);
  els.overview.textContent = `The inspector could not start: ${error instanceof Error ? error.message : String(error)}`;
});
