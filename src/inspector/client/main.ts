/**
 * The inspector page's entry point: loads the two statecharts and follows the frame stream
 * (`/inspector/api/stream`, reopened when another channel is picked). With no channel picked it
 * shows every server and channel (`/inspector`); with one (`?channel=<id>`), that channel in
 * detail. When the stream is lost the page says so and marks what it shows as stale.
 */
import { byId } from '../../playground/web/client/dom.ts';
import type { ChannelRow, Charts, InspectorFrame } from '../wire.ts';
import { ChartView } from './chart-view.ts';
import { Connection } from './connection.ts';
import { DetailView } from './detail.ts';
import { addEvents } from './events.ts';
import { renderHome } from './home.ts';
import { pruneReaped, renderOverview } from './overview.ts';
import { ThreadPanel } from './thread-panel.ts';

const channels = new Map<string, ChannelRow>();
/** Names learnt from the first frame, for a channel that has no actor (so no row) yet. */
const knownNames = new Map<string, string>();
let focus = focusInUrl();
let source: EventSource | null = null;
let detail: DetailView;
let supervisorChart: ChartView;

const els = {
  overview: byId('overview'),
  home: byId('home'),
  homeServers: byId('home-servers'),
  channel: byId('channel'),
  supervisorState: byId('supervisor-state'),
  supervisorEvents: byId('supervisor-events'),
};
const connection = new Connection(byId('connection'), () => detail?.freeze());
const threads = ThreadPanel.mount();
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') threads.close();
});

/** The channel in the address (`?channel=`); an id that cannot be one (a typo) is ignored. */
function focusInUrl(): string | null {
  const id = new URL(location.href).searchParams.get('channel');
  return id !== null && /^[1-9]\d{0,19}$/.test(id) ? id : null;
}

function label(channelId: string): string {
  const row = channels.get(channelId);
  const known = row?.channelName ?? knownNames.get(channelId);
  const name = known ? `#${known}` : `channel ${channelId}`;
  return row?.guildName ? `${name} · ${row.guildName}` : name;
}

/** Shows `channelId` in detail, or every channel with null; the address follows (Back returns). */
function pick(channelId: string | null): void {
  if (channelId === focus) return;
  focus = channelId;
  const url = new URL(location.href);
  if (focus) url.searchParams.set('channel', focus);
  else url.searchParams.delete('channel');
  history.pushState(null, '', url);
  connect();
}

function onFrame(frame: InspectorFrame): void {
  const offset = frame.at - Date.now();
  if (frame.full) {
    channels.clear();
    connection.live();
  }
  for (const row of frame.channels) channels.set(row.channelId, row);
  for (const id of frame.gone) channels.delete(id);
  pruneReaped(channels);
  renderOverview(els.overview, channels, focus, pick);
  if (!focus) renderHome(els.homeServers, channels, pick);
  if (frame.supervisor) {
    supervisorChart.setActive(frame.supervisor.state);
    els.supervisorState.textContent = frame.supervisor.state;
    els.supervisorState.className = `state-badge ${frame.supervisor.state}`;
    if (frame.full) els.supervisorEvents.replaceChildren();
    else
      for (const event of frame.supervisor.events)
        if (event.from && event.to) supervisorChart.flash(event.from, event.to, event.type);
    addEvents(els.supervisorEvents, frame.supervisor.events);
  }
  if (frame.focus?.channelName) knownNames.set(frame.focus.channelId, frame.focus.channelName);
  if (frame.focus && frame.focus.channelId === focus)
    detail.apply(frame.focus, frame.full, offset, label(frame.focus.channelId));
  if (frame.end) connection.stopping(frame.at - offset);
  document.body.classList.add('ready');
}

function connect(): void {
  source?.close();
  els.home.hidden = focus !== null;
  els.channel.hidden = focus === null;
  document.title = focus ? `${label(focus)} · Ery inspector` : 'Ery inspector';
  if (focus) byId<HTMLAnchorElement>('replay-link').href = `/inspector/replay/${encodeURIComponent(focus)}`;
  const query = focus ? `?channel=${encodeURIComponent(focus)}` : '';
  source = new EventSource(`/inspector/api/stream${query}`);
  source.onmessage = (message) => onFrame(JSON.parse(message.data) as InspectorFrame);
  // EventSource reconnects by itself; every reconnection starts with a full frame.
  source.onerror = () => connection.lost();
}

async function start(): Promise<void> {
  const charts = (await (await fetch('/inspector/api/charts')).json()) as Charts;
  supervisorChart = new ChartView(byId('supervisor-chart'), charts.supervisor);
  const chart = new ChartView(byId('chart'), charts.channel);
  detail = new DetailView(
    {
      title: byId('detail-title'),
      state: byId('detail-state'),
      waiting: byId('detail-waiting'),
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
  for (const link of [byId('home-link'), byId('back-link')])
    link.addEventListener('click', (event) => {
      event.preventDefault();
      pick(null);
    });
  window.addEventListener('popstate', () => {
    const next = focusInUrl();
    if (next === focus) return;
    focus = next;
    connect();
  });
  connect();
}

start().catch((error: unknown) => {
  connection.lost();
  els.overview.textContent = `The inspector could not start: ${error instanceof Error ? error.message : String(error)}`;
});
