/**
 * The member list's invite form: a name (and "bot") makes someone new join the server, as if they
 * had followed an invite. The playground sends GUILD_MEMBER_ADD, so Ery welcomes them when the
 * server's policy says so; the member list and the join line arrive over the event stream.
 */
import { joinMember } from './api.ts';
import { h } from './dom.ts';
import { icon } from './icons.ts';

/** The form, built once and kept across member-list redraws. */
export function joinForm(): HTMLFormElement {
  const name = h('input', {
    class: 'join-name',
    attrs: { type: 'text', maxlength: '32', placeholder: 'Name', 'aria-label': 'Name of who joins' },
  });
  const bot = h('input', { class: 'join-bot', attrs: { type: 'checkbox', 'aria-label': 'A bot' } });
  const error = h('div', { class: 'join-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const form = h(
    'form',
    { class: 'join-form', attrs: { 'aria-label': 'Someone joins' } },
    h('div', { class: 'section-title' }, 'Someone joins'),
    h(
      'div',
      { class: 'join-row' },
      name,
      h('label', { class: 'join-bot-label' }, bot, 'bot'),
      h(
        'button',
        { class: 'join-submit', title: 'Join the server', attrs: { type: 'submit' } },
        icon('join'),
        'Join',
      ),
    ),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      try {
        await joinMember({ name: name.value, bot: bot.checked });
        name.value = '';
        bot.checked = false;
        error.hidden = true;
      } catch (caught) {
        error.textContent = caught instanceof Error ? caught.message : String(caught);
        error.hidden = false;
      }
    })();
  });
  return form;
}
