/**
 * The scrolling list of one channel's rows. It follows the newest row while the reader is at the
 * bottom, and stays put while they read older ones.
 */
import { byId, h, replaceChildren } from './dom.ts';
import { type RowContext, row } from './render.ts';
import type { Change, Item } from './store.ts';

/** How close to the bottom (px) still counts as "at the bottom". */
const STICK_PX = 120;

function welcome(name: string): HTMLElement {
  return h(
    'div',
    { class: 'welcome' },
    h('div', { class: 'welcome-icon' }, '#'),
    h('h2', {}, `Welcome to #${name}!`),
    h('p', {}, `This is the start of the #${name} channel. Say something — Ery reads along.`),
  );
}

/** The message list of the current channel. */
export class MessageList {
  readonly #el = byId('messages');
  /** Whether the list follows the newest row; scrolling up stops it, scrolling back down resumes it. */
  #stuck = true;

  constructor(
    private readonly ctx: RowContext,
    /** The channel shown now, or null. */
    private readonly current: () => { id: string; name: string } | null,
  ) {
    this.#el.addEventListener('scroll', () => {
      this.#stuck = this.#nearBottom();
    });
    // The composer grows (reply bar, long text) and the window resizes: keep the newest row in view.
    new ResizeObserver(() => {
      if (this.#stuck) this.scrollToBottom();
    }).observe(this.#el);
  }

  /** Redraws every row; `keepScroll` leaves the position alone unless the list follows the bottom. */
  render(keepScroll = false): void {
    const channel = this.current();
    const rows = this.#rows();
    const follow = !keepScroll || this.#stuck;
    const saved = this.#el.scrollTop;
    replaceChildren(this.#el, [
      channel && welcome(channel.name),
      ...rows.map((item, i) => row(this.ctx, item, rows[i - 1])),
    ]);
    if (follow) this.scrollToBottom();
    else this.#el.scrollTop = saved;
  }

  /** Shows one change of the current channel. */
  show(change: Exclude<Change, { kind: 'members' | 'typing' | 'channels' }>, mine: boolean): void {
    if (change.kind === 'append') {
      const rows = this.#rows();
      const follow = this.#stuck || mine;
      this.#el.appendChild(row(this.ctx, change.item, rows[rows.length - 2]));
      if (follow) this.scrollToBottom();
      return;
    }
    // A removal can regroup the rows around it: redraw.
    if (change.kind === 'remove') {
      this.render(true);
      return;
    }
    const el = this.#find(change.message.id);
    const rows = this.#rows();
    const index = rows.findIndex((r) => r.kind === 'message' && r.message.id === change.message.id);
    const item = rows[index];
    if (el && item) el.replaceWith(row(this.ctx, item, rows[index - 1]));
  }

  /** Scrolls to a message and flashes it (clicking a reply preview). */
  jump(messageId: string): void {
    const el = this.#find(messageId);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.classList.remove('flash');
    // Reading layout restarts the CSS animation.
    void el.offsetWidth;
    el.classList.add('flash');
  }

  scrollToBottom(): void {
    this.#el.scrollTop = this.#el.scrollHeight;
  }

  #rows(): Item[] {
    const channel = this.current();
    const me = this.ctx.me();
    const rows = channel ? (this.ctx.store.items.get(channel.id) ?? []) : [];
    // Ephemeral replies belong to whoever ran the command: speaking as someone else hides them.
    return rows.filter((r) => r.kind !== 'ephemeral' || r.reply.forUserId === me);
  }

  #find(messageId: string): HTMLElement | null {
    return this.#el.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(messageId)}"]`);
  }

  #nearBottom(): boolean {
    return this.#el.scrollHeight - this.#el.scrollTop - this.#el.clientHeight < STICK_PX;
  }
}
