/** How people appear in rows: avatars and role-coloured names. */
import type { UserRef } from '../wire.ts';
import { h } from './dom.ts';
import { avatarColour, cssColor, initial } from './format.ts';
import type { ChatStore } from './store.ts';

/** A round avatar with the name's initial (no images: the playground is offline). */
export function avatar(user: { id: string; name: string; bot: boolean }, size = ''): HTMLElement {
  return h(
    'span',
    {
      class: `avatar ${size}`,
      style: { background: user.bot ? '#5865f2' : avatarColour(user.id) },
      attrs: { 'aria-hidden': 'true' },
    },
    initial(user.name),
  );
}

/** A name in the colour of the person's highest coloured role. */
export function authorName(store: ChatStore, user: UserRef, cls = 'author'): HTMLElement {
  return h('span', { class: cls, style: { color: cssColor(store.colour(user.id)) } }, user.name);
}
