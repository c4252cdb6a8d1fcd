/** What end-to-end tests read of Ery's posts, and the scripted turn that makes one. */
import type { Playground, PlaygroundEvent } from '../../../src/playground/index.ts';
import type { ScriptStep } from '../../support/openai-server.ts';

/** The `message.created` events of `eryId`'s messages in `playground` after event `since`. */
export function eryMessagesSince(playground: Playground, eryId: string, since: number) {
  return playground
    .events()
    .filter(
      (e): e is Extract<PlaygroundEvent, { type: 'message.created' }> =>
        e.type === 'message.created' && e.actorId === eryId && e.seq > since,
    );
}

/** One model turn that sends `content` to the channel, then a final turn that says nothing. */
export function sends(content: string): ScriptStep[] {
  return [
    { reply: { toolCalls: [{ name: 'send_message', arguments: { content } }] } },
    { reply: { content: '' } },
  ];
}
