/** Small answers the inspector's routes share. */

/** A JSON error `{ error }` with `status`: the message says what to do. */
export const jsonError = (status: number, message: string): Response =>
  Response.json({ error: message }, { status });

/** A path segment decoded, or null when it is not valid percent-encoding. */
export function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The answer for a route that reads Ery's database when the inspector was given none. */
export const noDatabase = (): Response =>
  jsonError(404, 'nothing is recorded here: the inspector was started without a database');
