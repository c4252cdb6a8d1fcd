import type { DiscordActions } from './port.ts';
import type { DiscordReadiness } from './readiness.ts';

type Action = (input: unknown, signal?: AbortSignal) => Promise<unknown>;

/**
 * `actions`, each of which first waits until Discord is ready (see {@link DiscordReadiness.wait}:
 * only its own signal ends that wait). Before ready the guild, channel and member caches the
 * actions and their checks read are empty; once ready a call goes straight through. `botUserId`
 * is passed through as is: it throws before the first login.
 */
export function actionsWhenReady(actions: DiscordActions, readiness: DiscordReadiness): DiscordActions {
  const gated = Object.create(null) as Record<string, unknown>;
  for (const [name, property] of Object.entries(Object.getOwnPropertyDescriptors(actions))) {
    const action = property.value as Action | undefined;
    if (typeof action !== 'function') {
      Object.defineProperty(gated, name, property);
      continue;
    }
    gated[name] = (input: unknown, signal?: AbortSignal) =>
      readiness.ready ? action(input, signal) : readiness.wait(signal).then(() => action(input, signal));
  }
  return gated as unknown as DiscordActions;
}
