/** Running `/ery ...` in the playground as a member, the way the Discord client does. */
import { DEMO_IDS, type InteractionReply, type Playground } from '../../../src/playground/index.ts';
import { waitUntil } from './ery-harness.ts';

/** Runs `/ery <path>` with `options` as `userId` in `channelId` (default #general); resolves with Ery's reply. */
export function runEry(
  playground: Playground,
  userId: string,
  path: string[],
  options: Record<string, string> = {},
  channelId: string = DEMO_IDS.channels.general,
): Promise<InteractionReply> {
  return playground.interactions.invoke({ userId, channelId, path: ['ery', ...path], options });
}

/** Sets a setting as the server owner (who has Manage Server) and returns Ery's confirmation. */
export async function setAsOwner(playground: Playground, setting: string, value: string, scope?: string) {
  const reply = await runEry(playground, DEMO_IDS.users.owner, ['config', 'set'], {
    setting,
    value,
    ...(scope ? { scope } : {}),
  });
  if (!reply.content.includes('set for')) throw new Error(`setting ${setting} failed: ${reply.content}`);
  return reply;
}

/** Waits until Ery has registered `/ery` in the demo server after its start (`since`: registrations seen before). */
export async function slashRegistered(playground: Playground, since: number): Promise<void> {
  await waitUntil(() =>
    playground
      .events()
      .some(
        (e) =>
          e.seq > since &&
          e.type === 'http.request' &&
          e.method === 'PUT' &&
          e.path.endsWith(`/guilds/${DEMO_IDS.guildId}/commands`) &&
          e.status === 200,
      ),
  );
}
