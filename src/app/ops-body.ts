/* Request bodies of the ops API's write routes (admin, budgets): bounded, read as JSON. */

import { z } from 'zod';

/**
 * Largest admin body read, in bytes (UTF-8). A policy's rules are at most 8 000 characters (of up to
 * 4 bytes each), so a real body is far smaller; a bigger one is refused before it is parsed.
 */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

/** Thrown for a body over {@link MAX_ADMIN_BODY_BYTES}; answered 413. */
export class BodyTooLarge extends Error {}

/**
 * The request's body parsed as JSON, whatever its content type (curl's `-d` sends
 * `application/x-www-form-urlencoded`). Read as a stream and given up at the first byte past
 * {@link MAX_ADMIN_BODY_BYTES}, so a body of any size (a chunked one without a length included) costs
 * at most that much memory. Throws `BodyTooLarge` past the limit, and a `SyntaxError` for a body
 * that is not JSON.
 */
export async function jsonBody(request: Request): Promise<unknown> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_ADMIN_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    size += read.value.byteLength;
    if (size > MAX_ADMIN_BODY_BYTES) {
      await reader?.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(read.value);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The JSON 413 for a body over {@link MAX_ADMIN_BODY_BYTES}. */
export const bodyTooLarge = (): Response =>
  Response.json(
    { error: `the body is over ${MAX_ADMIN_BODY_BYTES} bytes; a real one is a few KiB at most` },
    { status: 413 },
  );

/**
 * Runs a write route, answering what its body got wrong: over {@link MAX_ADMIN_BODY_BYTES} (413),
 * not JSON (400, showing `example`, the route's own JSON), or refused by its zod schema (400 naming
 * the field). Any other error is rethrown.
 */
export async function jsonWrite(example: string, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof BodyTooLarge) return bodyTooLarge();
    if (error instanceof z.ZodError) {
      const issue = error.issues[0];
      return refusal(400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    if (error instanceof SyntaxError)
      return refusal(400, `the body must be JSON, such as ${example}: ${error.message}`);
    throw error;
  }
}

/** A JSON refusal `{ error }` with `status`: every ops route answers its errors in this one shape. */
export const refusal = (status: number, error: string): Response => Response.json({ error }, { status });
