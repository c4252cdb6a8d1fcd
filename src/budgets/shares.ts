/**
 * How a model call's tokens are charged to members (issue 11 §6: per-member budgets).
 *
 * A thread is run for a batch of messages, so its tokens are charged to the human authors of the
 * messages it was given (bots and system events such as joins are nobody's request), in proportion
 * to how many of those messages each wrote. The batch is why the model was called: a member who
 * posts four messages of five caused most of the call, and one who floods a channel Ery reads pays
 * for the threads the flood starts, whether or not they mention Ery. Sharing, instead of charging
 * each author the whole call, keeps the members' charges adding up to the server's usage, so the
 * two budgets count the same tokens.
 */

/** Authors' message counts, by member id. */
export type AuthorWeights = ReadonlyMap<string, number>;

/** The members a batch's tokens are charged to, with their message counts. */
export function authorWeights(
  messages: ReadonlyArray<{ author: { id: string; bot: boolean }; event?: unknown }>,
): Map<string, number> {
  const weights = new Map<string, number>();
  for (const message of messages) {
    if (message.author.bot || message.event !== undefined) continue;
    weights.set(message.author.id, (weights.get(message.author.id) ?? 0) + 1);
  }
  return weights;
}

/**
 * Splits `tokens` (a whole number) among the members of `weights` in proportion to their weights,
 * in whole tokens that add up to `tokens` exactly: each gets the floor of their share, and the
 * tokens left go one each to the largest remainders (ties to the member listed first). Empty
 * weights get nothing: the server alone is charged.
 */
export function splitTokens(tokens: number, weights: AuthorWeights): Map<string, number> {
  const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
  const shares = new Map<string, number>();
  if (total <= 0 || tokens <= 0) {
    for (const id of weights.keys()) if (total > 0) shares.set(id, 0);
    return shares;
  }
  const parts = [...weights].map(([id, weight], order) => {
    const exact = (tokens * weight) / total;
    return { id, whole: Math.floor(exact), remainder: exact - Math.floor(exact), order };
  });
  let left = tokens - parts.reduce((sum, part) => sum + part.whole, 0);
  for (const part of [...parts].sort((a, b) => b.remainder - a.remainder || a.order - b.order)) {
    if (left <= 0) break;
    part.whole += 1;
    left -= 1;
  }
  for (const part of parts) shares.set(part.id, part.whole);
  return shares;
}
