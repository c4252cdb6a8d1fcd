/** The replay view's left column: every step of the timeline, the current one marked; a click jumps to it. */
import { h, replaceChildren } from '../../playground/web/client/dom.ts';
import type { ReplayStep } from '../wire.ts';

/** `HH:MM:SS.mmm` in UTC, as `ery replay` prints times. */
export function utcClock(at: number): string {
  return new Date(at).toISOString().slice(11, 23);
}

function row(step: ReplayStep, index: number, pick: (index: number) => void): HTMLElement {
  const marks = [
    step.started && `▶ ${step.started}`,
    step.ended && `■ ${step.ended.status}`,
    step.missing && `… #${step.missing.from}–#${step.missing.to} missing`,
    step.error && '✗ threw',
  ].filter(Boolean);
  return h(
    'li',
    {
      class: `timeline-step event${step.before !== step.after ? ' transition' : ''}`,
      title: step.detail ? `${step.event}: ${step.detail}` : step.event,
      data: { seq: String(step.seq), index: String(index), after: step.after },
      on: { click: () => pick(index) },
    },
    h('span', { class: 'seq' }, `#${step.seq}`),
    h('code', { class: 'event-type' }, step.event),
    h('time', {}, utcClock(step.at)),
    h(
      'span',
      { class: 'change' },
      h('span', { class: `state-badge ${step.before ?? 'none'}` }, step.before ?? '—'),
      ' → ',
      h('span', { class: `state-badge ${step.after}` }, step.after),
      marks.length ? h('span', { class: 'mark' }, ` ${marks.join(' ')}`) : null,
    ),
  );
}

/** The timeline list. */
export class TimelineList {
  private rows: HTMLElement[] = [];

  constructor(
    private readonly host: HTMLElement,
    steps: readonly ReplayStep[],
    pick: (index: number) => void,
  ) {
    this.rows = steps.map((step, index) => row(step, index, pick));
    replaceChildren(this.host, this.rows);
  }

  /** Marks the step at `index` as the current one and scrolls it into view. */
  select(index: number): void {
    for (const [at, element] of this.rows.entries()) {
      element.classList.toggle('current', at === index);
      if (at === index) element.setAttribute('aria-current', 'step');
      else element.removeAttribute('aria-current');
    }
    this.rows[index]?.scrollIntoView({ block: 'nearest' });
  }
}
