/**
 * The replay view's entry point (`/inspector/replay/:channelId`): loads the channel statechart and
 * the channel's replayed timeline (`/inspector/api/replay/:channelId` with the page's query), then
 * steps through it: buttons, ← → Home End, a click on a step. The address keeps the step shown
 * (`#step=<seq>`), so a link points at it.
 */
import { byId } from '../../playground/web/client/dom.ts';
import type { Charts, ReplayView } from '../wire.ts';
import { renderThreads } from './agent-steps.ts';
import { ChartView } from './chart-view.ts';
import { StepView } from './replay-step.ts';
import { TimelineList } from './replay-timeline.ts';
import { ThreadPanel } from './thread-panel.ts';

const channelId = decodeURIComponent(location.pathname.split('/').pop() ?? '');
const threads = ThreadPanel.mount();

/** The seq in `#step=<seq>`, or null. */
function hashSeq(): number | null {
  const match = /(?:^#|&)step=(\d+)/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

async function fetchJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  const body = (await response.json().catch(() => ({ error: response.statusText }))) as T & {
    error?: string;
  };
  if (!response.ok) throw new Error(body.error ?? response.statusText);
  return body;
}

function play(view: ReplayView, charts: Charts): void {
  const { steps } = view;
  const chart = new ChartView(byId('chart'), charts.channel);
  const detail = new StepView(
    {
      title: byId('step-title'),
      state: byId('step-state'),
      facts: byId('step-facts'),
      timers: byId('timers'),
      batch: byId('batch'),
      queue: byId('queue'),
    },
    (threadId) => void threads.open(threadId),
  );
  const buttons = {
    first: byId<HTMLButtonElement>('step-first'),
    back: byId<HTMLButtonElement>('step-back'),
    forward: byId<HTMLButtonElement>('step-forward'),
    last: byId<HTMLButtonElement>('step-last'),
  };
  let index = -1;
  /** The step with `seq`, else the first after it, else the last. */
  const indexOf = (seq: number) => {
    const found = steps.findIndex((step) => step.seq >= seq);
    return found === -1 ? steps.length - 1 : found;
  };
  const go = (next: number) => {
    const target = Math.max(0, Math.min(steps.length - 1, next));
    const step = steps[target];
    if (!step || target === index) return;
    const forward = target === index + 1;
    index = target;
    list.select(index);
    chart.setActive(step.after);
    if (forward && step.before) chart.flash(step.before, step.after, step.event);
    detail.show(step);
    const current = step.thread ?? step.started ?? step.ended?.thread ?? null;
    renderThreads(byId('agent'), view.threads, current, {
      jump: (seq) => go(indexOf(seq)),
      open: (threadId) => void threads.open(threadId),
    });
    byId('step-position').textContent = `step ${index + 1} of ${steps.length}`;
    buttons.first.disabled = buttons.back.disabled = index === 0;
    buttons.forward.disabled = buttons.last.disabled = index === steps.length - 1;
    if (hashSeq() !== step.seq) history.replaceState(null, '', `#step=${step.seq}`);
  };
  const list = new TimelineList(byId('timeline'), steps, go);
  buttons.first.addEventListener('click', () => go(0));
  buttons.back.addEventListener('click', () => go(index - 1));
  buttons.forward.addEventListener('click', () => go(index + 1));
  buttons.last.addEventListener('click', () => go(steps.length - 1));
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, () => number> = {
      ArrowLeft: () => index - 1,
      ArrowRight: () => index + 1,
      Home: () => 0,
      End: () => steps.length - 1,
    };
    if (event.key === 'Escape') threads.close();
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    go(move());
  });
  window.addEventListener('hashchange', () => {
    const seq = hashSeq();
    if (seq !== null) go(indexOf(seq));
  });
  const seq = hashSeq();
  go(seq === null ? 0 : indexOf(seq));
}

async function start(): Promise<void> {
  const [charts, view] = await Promise.all([
    fetchJson<Charts>('/inspector/api/charts'),
    fetchJson<ReplayView>(`/inspector/api/replay/${encodeURIComponent(channelId)}${location.search}`),
  ]);
  const { log } = view;
  document.title = `Ery replay · ${view.channelId}`;
  byId('replay-title').textContent =
    `Channel ${view.channelId}${view.guildId ? ` in server ${view.guildId}` : ''}: ${log.events} events logged (#${log.firstSeq}–#${log.lastSeq}), rebuilt through the pure channel machine.`;
  byId('timeline-extent').textContent = `${view.steps.length} steps`;
  play(view, charts);
  document.body.classList.add('ready');
}

start().catch((error: unknown) => {
  byId('step-title').textContent = 'Nothing to replay';
  byId('step-facts').textContent = error instanceof Error ? error.message : String(error);
  byId('step-facts').classList.add('error');
  document.body.classList.add('failed');
});
