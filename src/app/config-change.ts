import type { ConfigScope, ConfigStore } from '../db/config-store.ts';
import type { ChannelSettingsOverride } from '../domain/channel-settings.ts';
import type { OpsView } from './ops-view.ts';

/** Where a timing change is stored and who must hear of it. */
export interface ConfigChangeDeps {
  config: ConfigStore;
  supervisor: Pick<OpsView, 'send'>;
}

/**
 * Changes a scope's timing override (see `ConfigStore.set`) and tells the supervisor, so every live
 * channel actor re-resolves its settings at once. The one path for the ops API and `/ery config`.
 * Throws a ZodError naming the bad field; nothing changes then.
 */
export function changeConfig(
  deps: ConfigChangeDeps,
  scope: ConfigScope,
  id: string,
  patch: unknown,
): ChannelSettingsOverride {
  const stored = deps.config.set(scope, id, patch);
  deps.supervisor.send({ type: 'config.updated' });
  return stored;
}

/** Removes a scope's whole override and tells the supervisor; returns whether there was one. */
export function removeConfig(deps: ConfigChangeDeps, scope: ConfigScope, id: string): boolean {
  const removed = deps.config.remove(scope, id);
  if (removed) deps.supervisor.send({ type: 'config.updated' });
  return removed;
}
