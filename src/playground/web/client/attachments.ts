/**
 * Files on the chat page: the composer's tray of files to attach (a button, a file picker, one chip
 * per file, removable) and how a message shows its attachments (images inline, other files as a
 * card with name and size), as Discord's client does.
 */
import type { AttachmentView, PostMessageBody } from '../wire.ts';
import { byId, h, replaceChildren } from './dom.ts';
import { MAX_PAGE_FILE_BYTES, MAX_PAGE_FILES, MAX_PAGE_FILES_BYTES } from './file-limits.ts';
import { icon } from './icons.ts';

/** A file as `POST /chat/messages` takes it. */
export type PageFile = NonNullable<PostMessageBody['files']>[number];

/** `1.5 KB`, as Discord's file cards write sizes. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A message's files: images shown, other files as cards that link to them; null when it has none. */
export function attachmentList(files: readonly AttachmentView[]): HTMLElement | null {
  if (files.length === 0) return null;
  return h(
    'div',
    { class: 'attachments' },
    ...files.map((file) =>
      file.contentType?.startsWith('image/')
        ? h(
            'a',
            { class: 'attachment-image', attrs: { href: file.url, target: '_blank', rel: 'noopener' } },
            h('img', { attrs: { src: file.url, alt: file.filename, loading: 'lazy' } }),
          )
        : h(
            'a',
            { class: 'attachment-file', attrs: { href: file.url, target: '_blank', rel: 'noopener' } },
            icon('file'),
            h('span', { class: 'attachment-name' }, file.filename),
            h('span', { class: 'attachment-size' }, fileSize(file.size)),
          ),
    ),
  );
}

/** Base64 of `bytes`, in chunks (a spread of a large array overflows the stack). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The composer's files to attach: the clip button opens the picker, each pick shows as a chip. */
export class FileTray {
  readonly #tray = byId('attach-tray');
  readonly #input = byId<HTMLInputElement>('attach-input');
  #files: File[] = [];

  /** `changed` runs when files are added or removed; `refused` gets a reason to show. */
  constructor(
    private readonly changed: () => void,
    private readonly refused: (reason: string) => void,
  ) {
    byId('attach-button').addEventListener('click', () => this.#input.click());
    this.#input.addEventListener('change', () => {
      this.add([...(this.#input.files ?? [])]);
      this.#input.value = '';
    });
  }

  /** Whether any file waits to be sent. */
  get hasFiles(): boolean {
    return this.#files.length > 0;
  }

  /** Adds files, refusing (with a reason) those past Discord's count and size limits. */
  add(files: readonly File[]): void {
    for (const file of files) {
      const total = this.#files.reduce((sum, kept) => sum + kept.size, file.size);
      if (file.size > MAX_PAGE_FILE_BYTES)
        this.refused(`${file.name} is over 10 MB: Discord would refuse it.`);
      else if (this.#files.length >= MAX_PAGE_FILES)
        this.refused(`At most ${MAX_PAGE_FILES} files per message.`);
      else if (total > MAX_PAGE_FILES_BYTES)
        this.refused(`${file.name} would take the message over 25 MB in all.`);
      else this.#files.push(file);
    }
    this.#render();
  }

  /** The files, read for sending. */
  async read(): Promise<PageFile[]> {
    return Promise.all(
      this.#files.map(async (file) => ({
        filename: file.name,
        ...(file.type ? { contentType: file.type } : {}),
        dataBase64: base64(new Uint8Array(await file.arrayBuffer())),
      })),
    );
  }

  clear(): void {
    this.#files = [];
    this.#render();
  }

  #render(): void {
    this.#tray.hidden = this.#files.length === 0;
    replaceChildren(
      this.#tray,
      this.#files.map((file, index) =>
        h(
          'span',
          { class: 'attach-chip' },
          icon('file'),
          h('span', { class: 'attachment-name' }, file.name),
          h('span', { class: 'attachment-size' }, fileSize(file.size)),
          h(
            'button',
            {
              class: 'attach-remove',
              title: `Remove ${file.name}`,
              attrs: { type: 'button', 'aria-label': `Remove ${file.name}` },
              on: {
                click: () => {
                  this.#files.splice(index, 1);
                  this.#render();
                },
              },
            },
            icon('close'),
          ),
        ),
      ),
    );
    this.changed();
  }
}
