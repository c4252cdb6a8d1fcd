import { z } from 'zod';

/**
 * What `ERY_INSPECT` asks for. The inspector page at `/inspector` is always served (its stream
 * costs one size check per event while nobody watches); this variable adds two opt-in feeds:
 * - `stream`: `GET /api/inspect` on the ops server streams every inspection event unbatched (SSE);
 * - `sink`: a `ws://` or `wss://` URL that receives @statelyai/inspect's WebSocket protocol, for
 *   Stately's tools; it implies `stream`.
 */
export interface InspectSetting {
  stream: boolean;
  /** The WebSocket URL of an external inspection sink, or null. */
  sink: string | null;
}

const OFF: InspectSetting = { stream: false, sink: null };

/**
 * `ERY_INSPECT`: `0`/`false` (default), `1`/`true`, or a `ws://…`/`wss://…` URL. Anything else is
 * refused with a message that lists what is accepted.
 */
export const inspectSetting = z
  .string()
  .default('0')
  .transform((value, ctx): InspectSetting => {
    if (value === '0' || value === 'false') return OFF;
    if (value === '1' || value === 'true') return { stream: true, sink: null };
    if (/^wss?:\/\//i.test(value) && URL.canParse(value)) return { stream: true, sink: value };
    ctx.issues.push({
      code: 'custom',
      input: value,
      message:
        'must be 0, 1, or the ws:// (or wss://) URL of a Stately inspection sink such as ws://127.0.0.1:8080',
    });
    return z.NEVER;
  });
