/**
 * The list `/` opens in the composer, as on Discord: the commands registered in the server (down to
 * their subcommands), then the options of the one being typed, then the bot's autocomplete choices
 * for the option whose value is being typed. ↑/↓ move, Enter or Tab picks, Esc closes.
 */
import type { CommandUsageView } from '../wire.ts';
import { byId, h, replaceChildren } from './dom.ts';
import { onListKey } from './list-keys.ts';

/** What the list needs from the page. */
export interface CommandSource {
  usages(): Promise<CommandUsageView[]>;
  /** The bot's (or the registered) choices for the option the text ends in. */
  choices(text: string): Promise<Array<{ name: string; value: string }>>;
}

interface Option {
  label: string;
  sub: string;
  /** The box's whole text once picked. */
  text: string;
}

/** The `/` suggestion list of the composer. */
export class CommandPicker {
  readonly #list = byId('command-list');
  #options: Option[] = [];
  #selected = 0;
  #asked = 0;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly source: CommandSource,
  ) {
    input.addEventListener('input', () => void this.refresh());
    input.addEventListener('blur', () => this.close());
  }

  get open(): boolean {
    return this.#options.length > 0;
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

  /** Recomputes the list for the box's text (stale answers are dropped). */
  async refresh(): Promise<void> {
    const text = this.input.value;
    const ask = ++this.#asked;
    if (!text.startsWith('/')) return this.close();
    const usages = await this.source.usages();
    const usage = usages
      .filter((u) => text === u.usage || text.startsWith(`${u.usage} `))
      .sort((a, b) => b.usage.length - a.usage.length)[0];
    let options: Option[];
    if (!usage) {
      options = usages
        .filter((u) => u.usage.startsWith(text.trimEnd()))
        .map((u) => ({ label: u.usage, sub: u.description, text: `${u.usage} ${firstOption(u)}` }));
    } else if (/\s[-_a-z0-9]+:[^:]*$/.test(text) && !text.endsWith(' ')) {
      const choices = await this.source.choices(text).catch(() => []);
      const head = text.slice(0, text.lastIndexOf(':') + 1);
      options = choices.map((c) => ({ label: c.name, sub: '', text: `${head}${c.value} ` }));
    } else {
      // Options not given yet: the required ones, or any whose name starts with the word being typed.
      const used = new Set([...text.matchAll(/([-_a-z0-9]+):/g)].map((m) => m[1]));
      const word = /\s([-_a-z0-9]*)$/.exec(text)?.[1] ?? '';
      const base = text.slice(0, text.length - word.length);
      const spaced = base.endsWith(' ') ? base : `${base} `;
      options = usage.options
        .filter((o) => !used.has(o.name) && (word === '' ? o.required : o.name.startsWith(word)))
        .map((o) => ({
          label: `${o.name}:`,
          sub: `${o.required ? 'required · ' : ''}${o.description}`,
          text: `${spaced}${o.name}:`,
        }));
    }
    if (ask !== this.#asked) return;
    this.#options = options.slice(0, 25);
    this.#selected = Math.min(this.#selected, Math.max(0, this.#options.length - 1));
    this.#render();
  }

  pick(option: Option | undefined): void {
    if (!option) return;
    // Closed at once: until the list for the new text arrives, Enter sends instead of picking again.
    this.close();
    this.input.value = option.text;
    this.input.setSelectionRange(option.text.length, option.text.length);
    this.input.dispatchEvent(new Event('input'));
    this.input.focus();
  }

  close(): void {
    this.#asked += 1;
    this.#options = [];
    this.#render();
  }

  #render(): void {
    this.#list.hidden = !this.open;
    replaceChildren(
      this.#list,
      this.open
        ? [
            h('div', { class: 'section-title' }, 'Commands'),
            ...this.#options.map((option, index) =>
              h(
                'div',
                {
                  class: `mention-option command-option${index === this.#selected ? ' selected' : ''}`,
                  attrs: { role: 'option', 'aria-selected': String(index === this.#selected) },
                  on: {
                    mousedown: (event) => {
                      event.preventDefault();
                      this.pick(option);
                    },
                  },
                },
                h('span', { class: 'mention-label' }, option.label),
                h('span', { class: 'mention-sub' }, option.sub),
              ),
            ),
          ]
        : [],
    );
  }
}

/** `name:` of the first required option, so picking a command leads straight to it. */
function firstOption(usage: CommandUsageView): string {
  const first = usage.options.find((o) => o.required);
  return first ? `${first.name}:` : '';
}
