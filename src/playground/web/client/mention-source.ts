/** The composer's mention list fed from the page's store: the current channel's members and roles. */
import type { MentionSource } from './mention-picker.ts';
import { type MentionTarget, mentionTargets } from './mentions.ts';
import type { ChatStore } from './store.ts';

export type { MentionSource } from './mention-picker.ts';

const EVERYONE_HINTS: Record<string, string> = {
  everyone: 'Notify everyone who can see this channel.',
  here: 'Notify everyone online who can see this channel.',
};

/** A {@link MentionSource} over `store`, for the channel `current()` names. */
export function mentionSource(store: ChatStore, current: () => string | null): MentionSource {
  return {
    targets: () => {
      const channel = current() ? store.channels.get(current() ?? '') : undefined;
      return mentionTargets([...store.members.values()], [...store.roles.values()], channel?.viewerIds);
    },
    describe: (target: MentionTarget) => {
      if (target.kind === 'user') {
        const member = store.members.get(target.id);
        return { color: member?.color ?? 0, sub: member?.username ?? '', bot: member?.bot ?? false };
      }
      if (target.kind === 'role')
        return { color: store.roles.get(target.id)?.color ?? 0, sub: 'Role', bot: false };
      return { color: 0, sub: EVERYONE_HINTS[target.id] ?? '', bot: false };
    },
  };
}
