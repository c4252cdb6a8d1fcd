/**
 * The page on a narrow screen: the channel list (with the server rail) and the member list become
 * drawers over the chat, opened from the header's buttons and closed by a tap outside or Esc.
 * On a wide screen the buttons are hidden by the stylesheet and the drawers are plain columns.
 */
import { byId } from './dom.ts';

type Drawer = 'sidebar' | 'members';

/** The two drawers and their buttons. */
export class Drawers {
  readonly #buttons: Record<Drawer, HTMLElement> = {
    sidebar: byId('menu-button'),
    members: byId('members-button'),
  };

  constructor() {
    for (const drawer of ['sidebar', 'members'] as const) {
      this.#buttons[drawer].addEventListener('click', () => this.toggle(drawer));
    }
    byId('scrim').addEventListener('click', () => this.close());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
  }

  /** Opens `drawer` (closing the other), or closes it when it is open. */
  toggle(drawer: Drawer): void {
    const open = !document.body.classList.contains(`show-${drawer}`);
    this.close();
    document.body.classList.toggle(`show-${drawer}`, open);
    this.#buttons[drawer].setAttribute('aria-expanded', String(open));
  }

  close(): void {
    for (const drawer of ['sidebar', 'members'] as const) {
      document.body.classList.remove(`show-${drawer}`);
      this.#buttons[drawer].setAttribute('aria-expanded', 'false');
    }
  }
}
