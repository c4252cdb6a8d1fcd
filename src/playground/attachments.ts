/**
 * The playground's attachment host: files a test (or the chat page) uploads are kept in memory and
 * served at `/attachments/{channel_id}/{attachment_id}/{filename}`, the path Discord's CDN uses
 * (https://discord.com/developers/docs/reference#image-formatting). A message carries them as
 * Discord's attachment objects (https://discord.com/developers/docs/resources/message#attachment-object).
 */

/** A file as Discord's attachment object describes it. */
export interface AttachmentJson {
  id: string;
  filename: string;
  content_type?: string;
  size: number;
  url: string;
  proxy_url: string;
  width?: number;
  height?: number;
}

/** What a test uploads. */
export interface UploadInput {
  channelId: string;
  filename: string;
  contentType?: string;
  bytes: Uint8Array;
  /** For images: their size in pixels, as Discord reports it. */
  width?: number;
  height?: number;
}

/** Path prefix of served files. */
export const ATTACHMENTS_PATH = '/attachments/';

/** Uploaded files by path, served as they were given. */
export class AttachmentHost {
  readonly #files = new Map<string, { bytes: Uint8Array; contentType: string }>();

  constructor(
    private readonly origin: () => string,
    private readonly nextId: () => string,
  ) {}

  /** Keeps a file and returns its attachment object, to put in a message's `attachments`. */
  upload(input: UploadInput): AttachmentJson {
    const id = this.nextId();
    const path = `${ATTACHMENTS_PATH}${input.channelId}/${id}/${encodeURIComponent(input.filename)}`;
    const contentType = input.contentType ?? 'application/octet-stream';
    this.#files.set(path, { bytes: input.bytes, contentType });
    const url = `${this.origin()}${path}`;
    return {
      id,
      filename: input.filename,
      ...(input.contentType ? { content_type: input.contentType } : {}),
      size: input.bytes.byteLength,
      url,
      proxy_url: url,
      ...(input.width === undefined ? {} : { width: input.width }),
      ...(input.height === undefined ? {} : { height: input.height }),
    };
  }

  /** The response for `pathname`, or undefined when it is not an attachment path. */
  serve(pathname: string): Response | undefined {
    if (!pathname.startsWith(ATTACHMENTS_PATH)) return undefined;
    const file = this.#files.get(pathname);
    if (!file) return new Response('Not Found', { status: 404 });
    return new Response(new Blob([file.bytes as Uint8Array<ArrayBuffer>]), {
      headers: {
        'content-type': file.contentType,
        'content-length': String(file.bytes.byteLength),
        // Files are whatever someone uploaded, served from the chat page's own origin: an HTML or
        // SVG file must not run there (a sandbox gives it an origin of its own), nor be sniffed into one.
        'content-security-policy': 'sandbox',
        'x-content-type-options': 'nosniff',
      },
    });
  }
}
