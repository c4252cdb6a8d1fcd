/** Members and roles as the chat page sees them, for the composer's mention tests. */
import type { MemberView, RoleView } from '../../src/playground/web/wire.ts';

/** A member called `name`, with username `name` in lower case unless `extra` says otherwise. */
export const member = (id: string, name: string, extra: Partial<MemberView> = {}): MemberView => ({
  id,
  name,
  username: name.toLowerCase(),
  globalName: null,
  nick: null,
  bot: false,
  owner: false,
  roleIds: [],
  color: 0,
  timeoutUntil: null,
  ...extra,
});

export const role = (id: string, name: string, mentionable: boolean): RoleView => ({
  id,
  name,
  color: 0,
  position: 1,
  hoist: false,
  mentionable,
});
