import { AttachmentReadError, type AttachmentReader } from '../../actors/agent-thread/attachment-reader.ts';

/** Discord's attachment hosts (https://discord.com/developers/docs/reference#image-formatting). */
const DISCORD_FILE_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

export interface AttachmentReaderOptions {
  /**
   * `DISCORD_API_URL`: when it is not Discord's own, its origin serves attachments too (the
   * playground does, over plain HTTP).
   */
  apiUrl: string;
  /** Per file, connection to last byte (default 10 s). */
  timeoutMs?: number;
}

/**
 * Reads attachments from Discord's attachment host only: any other URL (a message can carry any
 * link in an embed, and a stored row could be edited) is refused before a connection is made, and a
 * redirect is never followed. Each read has a timeout and stops at `maxBytes`, whatever the
 * server's Content-Length says.
 */
export function createAttachmentReader(options: AttachmentReaderOptions): AttachmentReader {
  const api = new URL(options.apiUrl);
  const ownOrigin =
    DISCORD_FILE_HOSTS.includes(api.hostname) || api.hostname === 'discord.com' ? null : api.origin;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const allowed = (url: URL) =>
    (url.protocol === 'https:' && DISCORD_FILE_HOSTS.includes(url.hostname)) || url.origin === ownOrigin;

  return {
    async read(href, maxBytes, signal) {
      let url: URL;
      try {
        url = new URL(href);
      } catch {
        throw new AttachmentReadError('its address is not a URL');
      }
      if (!allowed(url)) throw new AttachmentReadError("it is not on Discord's attachment host");
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await fetch(url, { redirect: 'manual', signal: AbortSignal.any([signal, timeout]) });
      } catch (error) {
        signal.throwIfAborted();
        throw new AttachmentReadError(
          timeout.aborted ? `reading it took over ${timeoutMs / 1000} s` : 'it could not be fetched',
          {
            cause: error,
          },
        );
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AttachmentReadError(`Discord answered ${response.status} for it`);
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        await response.body?.cancel();
        throw new AttachmentReadError(`it is larger than ${sizeText(maxBytes)}`);
      }
      return readCapped(response, maxBytes, () => timeout.aborted, timeoutMs, signal);
    },
  };
}

/** The body, refused once past `maxBytes` (a server may send more than it declared). */
async function readCapped(
  response: Response,
  maxBytes: number,
  timedOut: () => boolean,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new AttachmentReadError(`it is larger than ${sizeText(maxBytes)}`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AttachmentReadError) throw error;
    signal.throwIfAborted();
    throw new AttachmentReadError(
      timedOut() ? `reading it took over ${timeoutMs / 1000} s` : 'it could not be read',
      {
        cause: error,
      },
    );
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** "5 MB", "100 KB": sizes as people read them (powers of 1024). */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
