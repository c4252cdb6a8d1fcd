/**
 * How a thread reads the files attached to the messages it acts on (issue 12 §2). The adapter
 * (src/discord/attachment-reader.ts) reads only from Discord's attachment host, with a timeout and a
 * size cap; the thread decides what it reads and how the model sees it (./attachments.ts).
 */
export interface AttachmentReader {
  /**
   * The file at `url`, at most `maxBytes` bytes.
   * @throws AttachmentReadError with a reason the model may be shown ("larger than 5 MB", "timed
   *   out", "not on Discord's attachment host"); an abort of `signal` rejects with its reason
   */
  read(url: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array>;
}

/** A file that could not be read; `message` is plain words, shown to the model beside the file. */
export class AttachmentReadError extends Error {
  override readonly name = 'AttachmentReadError';
}
