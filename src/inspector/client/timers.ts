/**
 * A channel's timers: counting down live (`set`), or as they stood at one moment of a replay
 * (`showAt`). Deadlines come from the machine's context (sent by the server); the page only
 * subtracts the time, in the server's clock (`offset`) or the replayed step's.
 */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { TimerRow } from '../wire.ts';
import { duration } from './format.ts';

/** What each timer means, for people. */
const MEANING: Record<string, string> = {
  batchWindow: 'batch window: the batch runs anyway when it closes',
  thread: 'thread deadline: the thread is stopped when it passes',
  cooldown: 'cooldown: queued messages become the next batch after it',
  idle: 'idle timeout: the actor is reaped when it runs out',
};

export class TimersView {
  private timers: TimerRow[] = [];
  private offset = 0;
  private ticking: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly host: HTMLElement) {}

  /** Shows `timers` counting down; `offset` is the server's clock minus the page's, in ms. */
  set(timers: TimerRow[], offset: number): void {
    this.host.classList.remove('frozen');
    this.draw(timers);
    this.offset = offset;
    this.tick();
    if (timers.length > 0 && !this.ticking) this.ticking = setInterval(() => this.tick(), 100);
    if (timers.length === 0) this.stop();
  }

  /** Shows `timers` as they stood at `at` (ms since the epoch), still. */
  showAt(timers: TimerRow[], at: number): void {
    this.stop();
    this.draw(timers);
    this.tick(at);
  }

  /** Stops counting down where they are (the page lost Ery): marked frozen, never shown as running. */
  freeze(): void {
    this.stop();
    this.host.classList.add('frozen');
  }

  private stop(): void {
    if (this.ticking) clearInterval(this.ticking);
    this.ticking = null;
  }

  private draw(timers: TimerRow[]): void {
    this.timers = timers;
    replaceChildren(
      this.host,
      timers.length === 0
        ? [h('p', { class: 'empty' }, 'No timer armed.')]
        : timers.map((timer) =>
            h(
              'div',
              { class: 'timer', data: { timer: timer.name }, title: MEANING[timer.name] ?? timer.event },
              h('span', { class: 'timer-name' }, timer.name),
              h('span', { class: 'timer-event' }, `→ ${timer.event}`),
              h('span', { class: 'timer-left' }),
              h('span', { class: 'bar' }, h('span', { class: 'fill' })),
            ),
          ),
    );
  }

  private tick(now = Date.now() + this.offset): void {
    const rows = this.host.querySelectorAll<HTMLElement>('.timer');
    this.timers.forEach((timer, index) => {
      const row = rows[index];
      if (!row) return;
      const left = timer.deadline - now;
      const total = Math.max(1, timer.deadline - timer.startedAt);
      const text = row.querySelector('.timer-left');
      if (text) text.textContent = left > 0 ? `${duration(left)} left` : 'due';
      const fill = row.querySelector<HTMLElement>('.fill');
      if (fill) fill.style.width = `${Math.min(100, Math.max(0, (left / total) * 100)).toFixed(1)}%`;
    });
  }
}
