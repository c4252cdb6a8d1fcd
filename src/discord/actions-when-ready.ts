import type { DiscordActions } from './port.ts';
import type { DiscordReadiness } from './readiness.ts';

/** Every method of the port: each one reads Discord, so each one waits. */
const ACTIONS = [
  'sendMessage',
  'sendTyping',
  'addReaction',
  'fetchMessages',
  'fetchMessage',
  'getChannel',
  'listThreads',
  'startThread',
  'canView',
  'getMember',
  'getGuild',
  'ban',
  'kick',
  'timeout',
  'addRole',
  'removeRole',
] as const satisfies ReadonlyArray<keyof DiscordActions>;

// A method added to the port and not to ACTIONS fails to compile here.
type Unlisted = Exclude<keyof DiscordActions, (typeof ACTIONS)[number] | 'botUserId'>;
const listsEveryAction: [Unlisted] extends [never] ? true : Unlisted = true;
void listsEveryAction;

type Action = (input: unknown, signal?: AbortSignal) => Promise<unknown>;

/**
 * `actions`, each of which first waits until Discord is ready (see {@link DiscordReadiness.wait}:
 * only its own signal ends that wait). Before ready the guild, channel and member caches the
 * actions and their checks read are empty; once ready a call goes straight through. `botUserId`
 * is read from `actions` as is: it throws before the first login.
 */
export function actionsWhenReady(actions: DiscordActions, readiness: DiscordReadiness): DiscordActions {
  const gated: Record<string, Action> = {};
  for (const name of ACTIONS) {
    const action = (actions[name] as Action).bind(actions);
    gated[name] = (input, signal) =>
      readiness.ready ? action(input, signal) : readiness.wait(signal).then(() => action(input, signal));
  }
  return Object.defineProperty(gated, 'botUserId', {
    get: () => actions.botUserId,
    enumerable: true,
  }) as unknown as DiscordActions;
}
