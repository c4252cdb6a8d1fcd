/**
 * The list `@` opens in the composer, as on Discord: the channel's members and the roles one may
 * ping, filtered as you type; ↑/↓ move, Enter or Tab picks, Esc closes, a click picks too. Picking
 * writes the readable `@Name` into the box and remembers the choice at its place, moved along as the
 * text is edited, so sending turns it into exactly that mention (mentions.ts, mention-picks.ts).
 */
import { byId, h, replaceChildren } from './dom.ts';
import { avatarColour, cssColor, initial } from './format.ts';
import { onListKey } from './list-keys.ts';
import { movePicks, type Pick } from './mention-picks.ts';
import {
  type ActiveQuery,
  activeQuery,
  insertMention,
  type MentionTarget,
  mentionText,
  suggest,
} from './mentions.ts';

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
  #picks: Pick[] = [];
  /** The box's text when the picks were last moved along with it. */
  #value: string;
  #active: ActiveQuery | null = null;
  #options: MentionTarget[] = [];
  #selected = 0;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly source: MentionSource,
  ) {
    this.#value = input.value;
    input.addEventListener('input', () => {
      this.#follow(this.input.selectionStart ?? undefined);
      this.refresh();
    });
    input.addEventListener('click', () => this.refresh());
    input.addEventListener('blur', () => this.close());
  }

  /** The mentions picked so far, at their places in the box. */
  get picks(): readonly Pick[] {
    return this.#picks;
  }

  get open(): boolean {
    return this.#active !== null && this.#options.length > 0;
  }

  /** Handles a key while the list is open; true when the key was the list's. */
  onKeyDown(event: KeyboardEvent): boolean {
    return onListKey(event, {
      open: this.open,
      selected: this.#selected,
      count: this.#options.length,
      pick: () => this.pick(this.#options[this.#selected]),
      close: () => this.close(),
      select: (index) => {
        this.#selected = index;
        this.#render();
      },
    });
  }

  /** Reads the caret again and shows, updates or hides the list. */
  refresh(): void {
    const targets = this.source.targets();
    const caret = this.input.selectionStart ?? this.input.value.length;
    const active =
      this.input.selectionStart === this.input.selectionEnd
        ? activeQuery(this.input.value, caret, targets, this.#picks)
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
    this.#write(next.text, next.caret, next.pick);
    this.close();
    this.input.dispatchEvent(new Event('input'));
    this.input.focus();
  }

  /** Writes a mention of `target` at the caret, spaced from what is before it (the profile's "Mention"). */
  mentionAtCaret(target: MentionTarget): void {
    const { value } = this.input;
    const caret = this.input.selectionStart ?? value.length;
    const space = caret > 0 && !/\s/.test(value[caret - 1] ?? '') ? ' ' : '';
    const written = mentionText(target);
    const start = caret + space.length;
    const end = start + written.length + 1;
    this.#write(`${value.slice(0, caret)}${space}${written} ${value.slice(caret)}`, end, {
      start,
      text: written,
      target,
    });
  }

  #write(text: string, caret: number, pick: Pick): void {
    this.input.value = text;
    this.input.setSelectionRange(caret, caret);
    this.#follow(caret);
    this.#picks.push(pick);
  }

  /** Moves the picks along with whatever changed in the box since they were last moved. */
  #follow(caret: number | undefined): void {
    this.#picks = movePicks(this.#picks, this.#value, this.input.value, caret);
    this.#value = this.input.value;
  }

  close(): void {
    this.#active = null;
    this.#options = [];
    this.#render();
  }

  /** Forgets picks (after sending and emptying the box). */
  reset(): void {
    this.#picks = [];
    this.#value = this.input.value;
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
