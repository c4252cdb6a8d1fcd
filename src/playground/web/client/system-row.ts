/** Moderation events as system lines between messages: "Ery banned Bob — spam". */
import type { SystemLine } from '../wire.ts';
import { type Child, h } from './dom.ts';
import { cssColor, stamp, until } from './format.ts';
import { type IconName, icon } from './icons.ts';
import { authorName } from './people.ts';
import type { RowContext } from './render.ts';

const ICONS: Record<SystemLine['kind'], IconName> = {
  join: 'join',
  ban: 'ban',
  unban: 'check',
  kick: 'kick',
  timeout: 'clock',
  'timeout-lifted': 'check',
  'role-added': 'roleAdd',
  'role-removed': 'roleRemove',
  nick: 'pencil',
};

/** The words of a system line, names in bold and coloured. */
function lineText(ctx: RowContext, line: SystemLine): Child[] {
  const actor = authorName(ctx.store, line.actor, 'who');
  const target = authorName(ctx.store, line.target, 'who');
  const role = (r: SystemLine['role']) =>
    h(
      'span',
      { class: 'role-name', style: { color: cssColor(ctx.store.roles.get(r?.id ?? '')?.color ?? 0) } },
      r?.name ?? 'a role',
    );
  switch (line.kind) {
    case 'join':
      return [target, ' joined the server.'];
    case 'ban':
      return [actor, ' banned ', target];
    case 'unban':
      return [actor, ' lifted the ban on ', target];
    case 'kick':
      return [actor, ' kicked ', target];
    case 'timeout':
      return [actor, ' timed out ', target, ' until ', h('strong', {}, until(line.until ?? 0))];
    case 'timeout-lifted':
      return [actor, ' lifted the timeout of ', target];
    case 'role-added':
      return [actor, ' gave ', target, ' the ', role(line.role), ' role'];
    case 'role-removed':
      return [actor, ' took the ', role(line.role), ' role from ', target];
    case 'nick':
      return line.nick
        ? [actor, ' renamed ', target, ' to ', h('strong', {}, line.nick)]
        : [actor, ' reset the nickname of ', target];
  }
}

/** One moderation line. */
export function systemRow(ctx: RowContext, line: SystemLine): HTMLElement {
  return h(
    'div',
    { class: `system-line kind-${line.kind}`, data: { lineId: line.id, kind: line.kind } },
    h('div', { class: 'system-gutter' }, icon(ICONS[line.kind], 'system-icon')),
    h(
      'div',
      { class: 'system-text' },
      ...lineText(ctx, line),
      line.reason && h('span', { class: 'reason' }, ` — ${line.reason}`),
      h('time', { title: new Date(line.at).toLocaleString() }, stamp(line.at)),
    ),
  );
}
