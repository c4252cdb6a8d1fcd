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
