import type { DiscordActions } from '../../../src/discord/port.ts';
import { MUTATING_METHODS } from '../../support/fake-discord-state.ts';

/**
 * Wraps any DiscordActions (the in-memory double or the real adapter against the playground) and
 * records which methods were called, so "nothing reached Discord" can be checked whatever is behind.
 */
export function recordingActions(inner: DiscordActions): {
  actions: DiscordActions;
  calls: string[];
  mutations(): string[];
} {
  const calls: string[] = [];
  const actions = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return value.apply(target, args);
      };
    },
  });
  return {
    actions,
    calls,
    mutations: () => calls.filter((name) => (MUTATING_METHODS as readonly string[]).includes(name)),
  };
}
