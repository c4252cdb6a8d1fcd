/**
 * A member's profile card (clicking them in the member list or on a name), as on Discord: name,
 * username, roles and the user id with a copy button, so a mention can also be written by hand
 * as `<@id>`. Esc or a click elsewhere closes it.
 */
import type { MemberView, RoleView } from '../wire.ts';
import { byId, h, replaceChildren } from './dom.ts';
import { avatarColour, cssColor, initial } from './format.ts';
import { icon } from './icons.ts';

/** What the card can do besides showing. */
export interface ProfileActions {
  /** Writes a mention of the member into the composer. */
  mention(member: MemberView): void;
}

/** The one profile card of the page. */
export class ProfileCard {
  readonly #card = byId('profile');

  constructor(private readonly actions: ProfileActions) {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.#card.hidden) this.close();
    });
    document.addEventListener('mousedown', (event) => {
      if (!this.#card.hidden && !this.#card.contains(event.target as Node)) this.close();
    });
  }

  /** Opens the card for `member` next to `anchor`. */
  show(member: MemberView, roles: readonly RoleView[], anchor: HTMLElement): void {
    const copied = h('span', { class: 'copied', attrs: { role: 'status' } });
    const copy = async () => {
      try {
        await navigator.clipboard.writeText(member.id);
        copied.textContent = 'Copied!';
      } catch {
        // No clipboard (plain http on another host): select the id so Ctrl+C copies it.
        const range = document.createRange();
        range.selectNodeContents(idText);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
        copied.textContent = 'Selected: press Ctrl+C';
      }
    };
    const idText = h('code', { class: 'profile-id' }, member.id);
    replaceChildren(this.#card, [
      h('div', {
        class: 'profile-banner',
        style: { background: member.bot ? '#5865f2' : avatarColour(member.id) },
      }),
      h(
        'span',
        { class: 'avatar large', style: { background: member.bot ? '#5865f2' : avatarColour(member.id) } },
        initial(member.name),
      ),
      h(
        'div',
        { class: 'profile-body' },
        h(
          'div',
          { class: 'profile-name' },
          h('strong', { style: { color: cssColor(member.color) } }, member.name),
          member.bot && h('span', { class: 'bot-badge' }, 'BOT'),
        ),
        h('div', { class: 'profile-username' }, member.username),
        h('div', { class: 'section-title' }, 'User ID'),
        h(
          'div',
          { class: 'profile-id-row' },
          idText,
          h(
            'button',
            {
              class: 'copy-id',
              title: 'Copy user ID',
              attrs: { type: 'button' },
              on: { click: () => void copy() },
            },
            icon('copy'),
            'Copy',
          ),
          copied,
        ),
        member.roleIds.length > 0 && h('div', { class: 'section-title' }, 'Roles'),
        h(
          'div',
          { class: 'profile-roles' },
          ...member.roleIds.map((id) => {
            const role = roles.find((r) => r.id === id);
            return (
              role &&
              h('span', { class: 'role-pill', style: { borderColor: cssColor(role.color) } }, role.name)
            );
          }),
        ),
        h(
          'button',
          {
            class: 'profile-mention',
            attrs: { type: 'button' },
            on: {
              click: () => {
                this.close();
                this.actions.mention(member);
              },
            },
          },
          `Mention @${member.name}`,
        ),
      ),
    ]);
    this.#card.dataset.userId = member.id;
    this.#card.hidden = false;
    this.#place(anchor);
  }

  close(): void {
    this.#card.hidden = true;
  }

  /** Beside the anchor, kept inside the window (on a phone: centred). */
  #place(anchor: HTMLElement): void {
    const box = anchor.getBoundingClientRect();
    const card = this.#card.getBoundingClientRect();
    const margin = 8;
    const left =
      box.left - card.width - margin >= margin ? box.left - card.width - margin : box.right + margin;
    this.#card.style.left = `${Math.max(margin, Math.min(left, innerWidth - card.width - margin))}px`;
    this.#card.style.top = `${Math.max(margin, Math.min(box.top, innerHeight - card.height - margin))}px`;
  }
}
