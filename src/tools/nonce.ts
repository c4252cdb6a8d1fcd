import { createHash } from 'node:crypto';
import { MAX_NONCE_LENGTH } from '../domain/discord-limits.ts';

/**
 * The idempotency key of a message created by one tool call: a hash of `${threadId}:${step}:${callId}`,
 * so a thread that runs the same call again after a crash sends the same nonce and Discord returns the
 * message it already created instead of posting it twice.
 */
export function messageNonce(threadId: string, step: number, callId: string): string {
  return createHash('sha256')
    .update(`${threadId}:${step}:${callId}`)
    .digest('hex')
    .slice(0, MAX_NONCE_LENGTH);
}

/**
 * The nonce of part `index` (from 0) of a text sent as several messages: the call's own nonce for the
 * first part, so a text that needs one message keeps it, and a hash of it and the index for the rest.
 * A rerun after a crash sends every part with the same nonce again, so Discord repeats none and the
 * parts not sent before are sent then (issue 12).
 */
export function partNonce(nonce: string, index: number): string {
  if (index === 0) return nonce;
  return createHash('sha256').update(`${nonce}:${index}`).digest('hex').slice(0, MAX_NONCE_LENGTH);
}
