/**
 * The composer: text box, reply bar, files to attach and error line. Enter sends, Shift+Enter adds
 * a line; `@` opens the mention list, and every `@Name` is sent as a real mention.
 */
import type { MessageView } from '../wire.ts';
import { FileTray, type PageFile } from './attachments.ts';
import { CommandPicker, type CommandSource } from './command-picker.ts';
import { byId, h, replaceChildren } from './dom.ts';
import { cssColor, until } from './format.ts';
import { icon } from './icons.ts';
import { MentionPicker, type MentionSource } from './mention-picker.ts';
import { type MentionTarget, toWireContent } from './mentions.ts';

/** What the composer asks of the page. */
export interface ComposerHost {
  /** Sends; a rejection's message is shown under the box. */
  send(content: string, replyToId: string | undefined, files: PageFile[]): Promise<void>;
  colour(userId: string): number;
  /** Who can be mentioned in the current channel, and how the list shows them. */
  mentions: MentionSource;
  /** The commands `/` offers. */
  commands: CommandSource;
}

/** The composer at the bottom of the chat. */
export class Composer {
  readonly #form = byId<HTMLFormElement>('composer');
  readonly #input = byId<HTMLTextAreaElement>('composer-input');
  readonly #replyBar = byId('reply-bar');
  readonly #error = byId('composer-error');
  readonly #notice = byId('composer-notice');
  readonly #picker: MentionPicker;
  readonly #commands: CommandPicker;
  readonly #files: FileTray;
  #replyTo: MessageView | null = null;
  #sending = false;

  constructor(private readonly host: ComposerHost) {
    this.#picker = new MentionPicker(this.#input, host.mentions);
    this.#commands = new CommandPicker(this.#input, host.commands);
    this.#files = new FileTray(
      () => this.#attach(),
      (reason) => this.showError(reason),
    );
    // Files dropped on the box or pasted into it are attached, as Discord's client does.
    this.#form.addEventListener('dragover', (event) => event.preventDefault());
    this.#form.addEventListener('drop', (event) => {
      event.preventDefault();
      this.#files.add([...(event.dataTransfer?.files ?? [])]);
    });
    this.#input.addEventListener('paste', (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (files.length > 0) this.#files.add(files);
    });
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#submit();
    });
    this.#input.addEventListener('keydown', (event) => {
      if (this.#commands.onKeyDown(event) || this.#picker.onKeyDown(event)) return;
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.#submit();
      } else if (event.key === 'Escape') {
        this.cancelReply();
      }
    });
    this.#input.addEventListener('input', () => {
      this.#autosize();
      this.showError(null);
    });
  }

  /** Says where and as whom the next message goes, and warns when that person is timed out. */
  setContext(channelName: string, speaker: string, timeoutUntil: number | null): void {
    this.#input.placeholder = `Message #${channelName} as ${speaker}`;
    const timedOut = timeoutUntil !== null && timeoutUntil > Date.now();
    this.#notice.hidden = !timedOut;
    this.#attach();
    replaceChildren(this.#notice, [
      timedOut && icon('clock'),
      timedOut && `${speaker} is timed out until ${until(timeoutUntil ?? 0)}: messages will be refused.`,
    ]);
  }

  /** Starts replying to `message`. */
  startReply(message: MessageView): void {
    this.#replyTo = message;
    replaceChildren(this.#replyBar, [
      h('span', {}, 'Replying to '),
      h('strong', { style: { color: cssColor(this.host.colour(message.author.id)) } }, message.author.name),
      h(
        'button',
        {
          class: 'cancel-reply',
          title: 'Cancel reply (Esc)',
          attrs: { type: 'button', 'aria-label': 'Cancel reply' },
          on: { click: () => this.cancelReply() },
        },
        icon('close'),
      ),
    ]);
    this.#replyBar.hidden = false;
    this.#attach();
    this.focus();
  }

  /** Drops the reply, if any. */
  cancelReply(): void {
    this.#replyTo = null;
    this.#replyBar.hidden = true;
    this.#attach();
    replaceChildren(this.#replyBar, []);
  }

  /** Shows (or with null clears) the line under the box. */
  showError(message: string | null): void {
    this.#error.hidden = message === null;
    this.#error.textContent = message ?? '';
  }

  focus(): void {
    this.#input.focus();
  }

  /** Writes a mention of `target` at the caret (the profile card's "Mention" button). */
  mention(target: MentionTarget): void {
    this.#picker.mentionAtCaret(target);
    this.#autosize();
    this.focus();
  }

  async #submit(): Promise<void> {
    const typed = this.#input.value;
    if (this.#sending || (typed.trim() === '' && !this.#files.hasFiles)) return;
    // Discord's client trims what it sends (a picked mention leaves a space behind it).
    const content = toWireContent(typed, this.host.mentions.targets(), this.#picker.picks).trim();
    this.#sending = true;
    try {
      await this.host.send(content, this.#replyTo?.id, await this.#files.read());
      this.#input.value = '';
      this.#files.clear();
      this.#picker.reset();
      this.#commands.close();
      this.#autosize();
      this.cancelReply();
      this.showError(null);
    } catch (error) {
      this.showError(error instanceof Error ? error.message : String(error));
    } finally {
      this.#sending = false;
    }
  }

  /** Squares the box's top corners when a bar sits on it. */
  #attach(): void {
    const barAbove = !this.#replyBar.hidden || !this.#notice.hidden || this.#files?.hasFiles;
    this.#form.classList.toggle('attached', Boolean(barAbove));
  }

  #autosize(): void {
    this.#input.style.height = 'auto';
    this.#input.style.height = `${Math.min(this.#input.scrollHeight, 200)}px`;
  }
}
