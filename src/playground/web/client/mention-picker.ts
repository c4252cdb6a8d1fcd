/**
 * The list `@` opens in the composer, as on Discord: the channel's members and the roles one may
 * ping, filtered as you type; ↑/↓ move, Enter or Tab picks, Esc closes, a click picks too. Picking
 * writes the readable `@Name` into the box and remembers the choice, so sending turns it into
 * exactly that mention (mentions.ts).
 */
import { byId, h, replaceChildren } from './dom.ts';
import { avatarColour, cssColor, initial } from './format.ts';
import { type ActiveQuery, activeQuery, insertMention, type MentionTarget, suggest } from './mentions.ts';

/** What the list needs from the page. */
export interface MentionSource {
  /** Who and what can be mentioned in the current channel. */
  targets(): MentionTarget[];
  /** A user's name colour, a role's colour (0xRRGGBB, 0 for none), and a user's username. */
  describe(target: MentionTarget): { color: number; sub: string; bot: boolean };
}

/** The suggestion list of one text box. */
export class MentionPicker {
  readonly #list = byId('mention-list');
  /** Targets picked from the list, by the lower-cased label they were written as. */
  readonly picked = new Map<string, MentionTarget>();
  #active: ActiveQuery | null = null;
  #options: MentionTarget[] = [];
  #selected = 0;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly source: MentionSource,
  ) {
    input.addEventListener('input', () => this.refresh());
    input.addEventListener('click', () => this.refresh());
    input.addEventListener('blur', () => this.close());
  }

  get open(): boolean {
    return this.#active !== null && this.#options.length > 0;
  }

  /** Handles a key while the list is open; true when the key was the list's. */
  onKeyDown(event: KeyboardEvent): boolean {
    if (!this.open || event.isComposing) return false;
    const count = this.#options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      this.#selected = (this.#selected + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
      this.#render();
    } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      this.pick(this.#options[this.#selected]);
    } else if (event.key === 'Escape') {
      this.close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  /** Reads the caret again and shows, updates or hides the list. */
  refresh(): void {
    const targets = this.source.targets();
    const caret = this.input.selectionStart ?? this.input.value.length;
    const active =
      this.input.selectionStart === this.input.selectionEnd
        ? activeQuery(this.input.value, caret, targets)
        : null;
    if (active?.query !== this.#active?.query || active?.start !== this.#active?.start) this.#selected = 0;
    this.#active = active;
    this.#options = active ? suggest(active.query, targets) : [];
    this.#selected = Math.min(this.#selected, Math.max(0, this.#options.length - 1));
    this.#render();
  }

  /** Writes `target` into the box in place of the query being typed. */
  pick(target: MentionTarget | undefined): void {
    const active = this.#active;
    if (!target || !active) return;
    const caret = this.input.selectionStart ?? this.input.value.length;
    const next = insertMention(this.input.value, active, caret, target);
    this.input.value = next.text;
    this.input.setSelectionRange(next.caret, next.caret);
    this.picked.set(target.label.toLowerCase(), target);
    this.close();
    this.input.dispatchEvent(new Event('input'));
    this.input.focus();
  }

  close(): void {
    this.#active = null;
    this.#options = [];
    this.#render();
  }

  /** Forgets picks (after sending). */
  reset(): void {
    this.picked.clear();
    this.close();
  }

  #render(): void {
    this.#list.hidden = !this.open;
    this.input.setAttribute('aria-expanded', String(this.open));
    if (!this.open) {
      replaceChildren(this.#list, []);
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    const title = this.#active?.query
      ? `Members and roles matching @${this.#active.query}`
      : 'Members and roles';
    replaceChildren(this.#list, [
      h('div', { class: 'section-title' }, title),
      ...this.#options.map((target, index) => this.#row(target, index)),
    ]);
    this.input.setAttribute('aria-activedescendant', `mention-option-${this.#selected}`);
  }

  #row(target: MentionTarget, index: number): HTMLElement {
    const { color, sub, bot } = this.source.describe(target);
    const badge =
      target.kind === 'user'
        ? h(
            'span',
            { class: 'avatar tiny', style: { background: bot ? '#5865f2' : avatarColour(target.id) } },
            initial(target.label),
          )
        : h('span', { class: 'mention-at', style: { color: cssColor(color) } }, '@');
    return h(
      'div',
      {
        class: `mention-option${index === this.#selected ? ' selected' : ''}`,
        data: { kind: target.kind, id: target.id },
        attrs: {
          id: `mention-option-${index}`,
          role: 'option',
          'aria-selected': String(index === this.#selected),
        },
        on: {
          // mousedown, not click: the box keeps its focus and caret.
          mousedown: (event) => {
            event.preventDefault();
            this.pick(target);
          },
        },
      },
      badge,
      h('span', { class: 'mention-label', style: { color: cssColor(color) } }, target.label),
      h('span', { class: 'mention-sub' }, sub),
    );
  }
}
